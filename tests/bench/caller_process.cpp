#include "caller_process.hpp"

#include <sched.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <exception>
#include <fstream>
#include <iterator>
#include <map>
#include <memory>
#include <sstream>
#include <stdexcept>
#include <system_error>
#include <vector>

#include "media/call/test_caller.hpp"

namespace votercast::bench {
namespace {

using media::call::test::TestCaller;
using media::call::test::TestCallerSettings;
using Clock = std::chrono::steady_clock;

// Parent to child: start, answer, candidate. Child to parent: offer, candidate, stamped.
enum class Kind : std::uint8_t { start, answer, candidate, offer, stamped };

struct Header {
  Kind kind = Kind::start;
  std::uint8_t call = 0;
  std::uint32_t mline = 0;   // candidate: its m-line; start: the width
  std::uint64_t number = 0;  // stamped: the frame's BUFFERCOUNT; start: the height
  std::int64_t time_ns = 0;  // stamped: when, on steady_clock
  std::uint32_t length = 0;  // of the text that follows
};

struct Message {
  Header header;
  std::string text;
};

bool write_all(int socket, const void* data, std::size_t size) {
  const auto* at = static_cast<const char*>(data);
  while (size > 0) {
    const ssize_t sent = ::send(socket, at, size, MSG_NOSIGNAL);
    if (sent < 0 && errno == EINTR) continue;
    if (sent <= 0) return false;
    at += sent;
    size -= static_cast<std::size_t>(sent);
  }
  return true;
}

bool read_all(int socket, void* data, std::size_t size) {
  auto* at = static_cast<char*>(data);
  while (size > 0) {
    const ssize_t got = ::recv(socket, at, size, 0);
    if (got < 0 && errno == EINTR) continue;
    if (got <= 0) return false;
    at += got;
    size -= static_cast<std::size_t>(got);
  }
  return true;
}

// Several threads send (webrtcbin's, the streaming threads): one message at a time.
void send_message(int socket, std::mutex& mutex, Header header, const std::string& text = {}) {
  header.length = static_cast<std::uint32_t>(text.size());
  std::lock_guard lock(mutex);
  if (write_all(socket, &header, sizeof header)) write_all(socket, text.data(), text.size());
}

bool receive(int socket, Message& message) {
  if (!read_all(socket, &message.header, sizeof message.header)) return false;
  message.text.resize(message.header.length);
  return read_all(socket, message.text.data(), message.text.size());
}

// The child: callers started on request, until the parent closes the socket.
[[noreturn]] void run_callers(int socket) {
  prctl(PR_SET_PDEATHSIG, SIGKILL);  // never outlive a crashed bench
  sched_param idle{};
  sched_setscheduler(0, SCHED_IDLE, &idle);  // GStreamer's threads inherit it
  std::mutex send_mutex;
  std::map<int, std::unique_ptr<TestCaller>> callers;
  try {
    Message message;
    while (receive(socket, message)) {
      const std::uint8_t call = message.header.call;
      switch (message.header.kind) {
        case Kind::start: {
          TestCallerSettings settings;
          settings.width = static_cast<int>(message.header.mline);
          settings.height = static_cast<int>(message.header.number);
          settings.fps = 25;
          TestCaller::Signals signals;
          signals.on_offer = [socket, call, &send_mutex](const std::string& offer) {
            send_message(socket, send_mutex, {.kind = Kind::offer, .call = call}, offer);
          };
          signals.on_ice_candidate = [socket, call, &send_mutex](unsigned mline, const std::string& candidate) {
            send_message(socket, send_mutex, {.kind = Kind::candidate, .call = call, .mline = mline}, candidate);
          };
          signals.on_frame_stamped = [socket, call, &send_mutex](std::uint64_t frame) {
            const auto now = Clock::now().time_since_epoch();
            send_message(socket, send_mutex,
                         {.kind = Kind::stamped, .call = call, .number = frame,
                          .time_ns = std::chrono::duration_cast<std::chrono::nanoseconds>(now).count()});
          };
          callers[call] = std::make_unique<TestCaller>(settings, std::move(signals));
          callers[call]->start();
          break;
        }
        case Kind::answer: callers.at(call)->set_answer(message.text); break;
        case Kind::candidate: callers.at(call)->add_ice_candidate(message.header.mline, message.text); break;
        default: break;
      }
    }
    for (auto& [_, caller] : callers) caller->stop();
    callers.clear();
  } catch (const std::exception& error) {
    std::fprintf(stderr, "bench_calls: stand-in callers: %s\n", error.what());
    _exit(1);
  }
  _exit(0);  // not exit(): the parent's atexit handlers and static objects are not ours
}

}  // namespace

CallerProcess::CallerProcess() {
  int sockets[2];
  if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sockets) != 0) {
    throw std::system_error(errno, std::generic_category(), "socketpair");
  }
  child_ = fork();
  if (child_ < 0) throw std::system_error(errno, std::generic_category(), "fork");
  if (child_ == 0) {
    ::close(sockets[0]);
    run_callers(sockets[1]);
  }
  ::close(sockets[1]);
  socket_ = sockets[0];
}

CallerProcess::~CallerProcess() {
  close();
  ::close(socket_);
}

void CallerProcess::close() {
  if (closed_) return;
  closed_ = true;
  // The reader sees the end, and so does the child. The descriptor itself stays open
  // until the destructor: a link's late answer must not go to a reused descriptor.
  shutdown(socket_, SHUT_RDWR);
  if (reader_.joinable()) reader_.join();
  // The callers stop in well under a second; a stuck child is killed rather than waited for.
  for (int tries = 0; tries < 50; ++tries) {
    if (waitpid(child_, nullptr, WNOHANG) == child_) return;
    usleep(100'000);
  }
  kill(child_, SIGKILL);
  waitpid(child_, nullptr, 0);
}

void CallerProcess::listen(Events events) {
  events_ = std::move(events);
  reader_ = std::thread([this] { read_loop(); });
}

void CallerProcess::read_loop() {
  Message message;
  while (receive(socket_, message)) {
    const Header& header = message.header;
    switch (header.kind) {
      case Kind::offer:
        if (events_.on_offer) events_.on_offer(header.call, message.text);
        break;
      case Kind::candidate:
        if (events_.on_ice_candidate) events_.on_ice_candidate(header.call, header.mline, message.text);
        break;
      case Kind::stamped:
        if (events_.on_frame_stamped) {
          events_.on_frame_stamped(header.call, header.number, Clock::time_point(std::chrono::nanoseconds(header.time_ns)));
        }
        break;
      default: break;
    }
  }
}

void CallerProcess::start_call(int call, int width, int height) {
  send_message(socket_, send_mutex_,
               {.kind = Kind::start, .call = static_cast<std::uint8_t>(call), .mline = static_cast<std::uint32_t>(width),
                .number = static_cast<std::uint64_t>(height)});
}

void CallerProcess::set_answer(int call, const std::string& sdp) {
  send_message(socket_, send_mutex_, {.kind = Kind::answer, .call = static_cast<std::uint8_t>(call)}, sdp);
}

void CallerProcess::add_ice_candidate(int call, unsigned mline, const std::string& candidate) {
  send_message(socket_, send_mutex_,
               {.kind = Kind::candidate, .call = static_cast<std::uint8_t>(call), .mline = mline}, candidate);
}

double CallerProcess::cpu_seconds() const {
  std::ifstream file("/proc/" + std::to_string(child_) + "/stat");
  const std::string stat((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
  // The name, in parentheses, may hold spaces: count fields after its closing one.
  const auto name_end = stat.rfind(')');
  if (name_end == std::string::npos) return 0;
  std::istringstream fields(stat.substr(name_end + 1));
  std::vector<std::string> values(std::istream_iterator<std::string>{fields}, std::istream_iterator<std::string>{});
  if (values.size() < 13) return 0;
  // Fields 14 and 15 of proc(5), utime and stime: the 12th and 13th after the name.
  const double ticks = std::stod(values[11]) + std::stod(values[12]);
  return ticks / static_cast<double>(sysconf(_SC_CLK_TCK));
}

}  // namespace votercast::bench
