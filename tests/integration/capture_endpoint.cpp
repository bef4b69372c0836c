#include "capture_endpoint.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <stdexcept>

namespace votercast::test {
namespace {

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

std::string trim(const std::string& s) {
  const auto b = s.find_first_not_of(" \t");
  const auto e = s.find_last_not_of(" \t\r");
  return b == std::string::npos ? "" : s.substr(b, e - b + 1);
}

// Reads until `pred` holds or the peer stops sending for 5 s.
bool read_more(int fd, std::string& into) {
  pollfd p{fd, POLLIN, 0};
  if (::poll(&p, 1, 5000) <= 0) return false;
  char buf[4096];
  const auto n = ::recv(fd, buf, sizeof buf, 0);
  if (n <= 0) return false;
  into.append(buf, static_cast<std::size_t>(n));
  return true;
}

}  // namespace

CaptureEndpoint::CaptureEndpoint(std::vector<Answer> answers) : answers_(std::move(answers)) {
  listen_fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
  if (listen_fd_ < 0) throw std::runtime_error("socket");
  int one = 1;
  ::setsockopt(listen_fd_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);  // never anything but 127.0.0.1
  addr.sin_port = 0;
  if (::bind(listen_fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 || ::listen(listen_fd_, 16) != 0)
    throw std::runtime_error("bind/listen on 127.0.0.1");
  socklen_t len = sizeof addr;
  ::getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&addr), &len);
  port_ = ntohs(addr.sin_port);
  thread_ = std::thread([this] { serve(); });
}

CaptureEndpoint::~CaptureEndpoint() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  thread_.join();
  ::close(listen_fd_);
}

void CaptureEndpoint::answer_with(std::vector<Answer> answers) {
  std::lock_guard lock(mutex_);
  answers_ = std::move(answers);
}

std::vector<CaptureEndpoint::Captured> CaptureEndpoint::requests() const {
  std::lock_guard lock(mutex_);
  return requests_;
}

bool CaptureEndpoint::wait_for(std::size_t n, std::chrono::milliseconds timeout) const {
  std::unique_lock lock(mutex_);
  return changed_.wait_for(lock, timeout, [&] { return requests_.size() >= n; });
}

void CaptureEndpoint::serve() {
  for (;;) {
    {
      std::lock_guard lock(mutex_);
      if (stopping_) return;
    }
    pollfd p{listen_fd_, POLLIN, 0};
    if (::poll(&p, 1, 100) <= 0) continue;
    const int fd = ::accept(listen_fd_, nullptr, nullptr);
    if (fd < 0) continue;
    handle(fd);
    ::close(fd);
  }
}

void CaptureEndpoint::handle(int fd) {
  std::string data;
  std::size_t head_end;
  while ((head_end = data.find("\r\n\r\n")) == std::string::npos)
    if (!read_more(fd, data)) return;
  Captured c;
  const auto first_line_end = data.find("\r\n");
  const std::string first_line = data.substr(0, first_line_end);
  const auto sp1 = first_line.find(' '), sp2 = first_line.rfind(' ');
  c.method = first_line.substr(0, sp1);
  c.target = first_line.substr(sp1 + 1, sp2 - sp1 - 1);
  std::size_t at = first_line_end + 2;
  while (at < head_end) {
    const auto end = data.find("\r\n", at);
    const std::string line = data.substr(at, end - at);
    const auto colon = line.find(':');
    if (colon != std::string::npos) c.headers[lower(line.substr(0, colon))] = trim(line.substr(colon + 1));
    at = end + 2;
  }
  std::size_t length = 0;
  if (auto it = c.headers.find("content-length"); it != c.headers.end()) length = std::stoul(it->second);
  while (data.size() < head_end + 4 + length)
    if (!read_more(fd, data)) return;
  c.body = data.substr(head_end + 4, length);

  Answer answer;
  {
    std::lock_guard lock(mutex_);
    answer = answers_.empty() ? Answer{} : answers_.front();
    if (answers_.size() > 1) answers_.erase(answers_.begin());
  }
  std::this_thread::sleep_for(answer.delay);
  const std::string reply = "HTTP/1.1 " + std::to_string(answer.status) + " X\r\nContent-Type: " +
                            answer.content_type + "\r\nContent-Length: " + std::to_string(answer.body.size()) +
                            "\r\nConnection: close\r\n\r\n" + answer.body;
  std::size_t sent = 0;
  while (sent < reply.size()) {
    const auto n = ::send(fd, reply.data() + sent, reply.size() - sent, MSG_NOSIGNAL);
    if (n <= 0) break;
    sent += static_cast<std::size_t>(n);
  }
  c.answered = answer.status;
  {
    std::lock_guard lock(mutex_);
    requests_.push_back(std::move(c));
  }
  changed_.notify_all();
}

}  // namespace votercast::test
