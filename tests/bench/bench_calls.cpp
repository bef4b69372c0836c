// Benchmark (not a test): issue 15's video call-ins on this machine, all on 127.0.0.1.
// The live programme at 1080p25 (test input, graphics engine, x264 and AAC when an output
// is given, preview) with stand-in browsers (the call tests' TestCaller: VP8 at 1280x720
// 25 fps stamped with a QR code of each frame's number, and a tone) calling the server's
// CallerLinks. The stand-ins run in a child process at idle priority (caller_process.hpp):
// the server's CPU is this process's, theirs is printed apart.
//   1. caller-to-programme latency: from the stand-in stamping a frame's QR code to the
//      first programme frame showing it (read back with zbar), p50/p95/max;
//   2. the server's CPU: the programme alone, then with one 720p caller on air (side by
//      side, their voice in the programme's sound and the programme back to them);
//   3. the programme's frame counters (media::Programme::health()) alone, with the caller
//      on air, and with two more callers connected that nothing reads;
//   4. those two screened: each caller's picture (CallerLink::latest_frame) and voice pumped
//      every 20 ms into a ScreenerLink to a stand-in console (the call tests' TestConsole,
//      in this process: its CPU counts as the server's), the console's talk-back back to
//      the caller. The server's CPU, the consoles' picture rate and caller-to-console
//      latency (QR stamped at the caller to the console decoding it) p50/p95/max.
// Usage: bench_calls [SECONDS] [OUTPUT...]   (SECONDS per window, 20 by default)
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <array>
#include <chrono>
#include <cstdio>
#include <exception>
#include <fstream>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

#include "caller_process.hpp"
#include "media/call/call_pair.hpp"
#include "media/call/caller_link.hpp"
#include "media/call/screening_pair.hpp"
#include "media/graphics/graphics_engine.hpp"
#include "media/pipeline/programme.hpp"
#include "media/sound_insert.hpp"
#include "on_air_qr_watch.hpp"
#include "web/live/caller_slot.hpp"

namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;
using votercast::bench::CallerProcess;
using votercast::bench::OnAirQrWatch;
using votercast::media::CallerPicture;
using votercast::media::Programme;
using votercast::media::ProgrammeConfig;
using votercast::media::ProgrammeHealth;
using votercast::media::call::CallerLink;
using votercast::media::call::CallState;
using votercast::media::call::ScreenerLink;
using votercast::media::call::test::ScreeningPair;
using votercast::media::graphics::CallerVideo;
using votercast::media::graphics::GraphicsEngine;
using votercast::media::graphics::Scene;
using votercast::web::CallerSlot;

constexpr int kCallerWidth = 1280;
constexpr int kCallerHeight = 720;
constexpr int kCalls = 3;  // one on air, two screening
constexpr auto kLatencyWindow = 10s;
// More than this much CPU of other processes in a window and its figures are not the calls'.
constexpr double kBusyMachine = 0.2;
constexpr auto kSettle = 3s;  // after each change, before measuring: start-up is not what airs

double process_cpu_seconds() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  const auto seconds = [](const timeval& t) { return static_cast<double>(t.tv_sec) + t.tv_usec / 1e6; };
  return seconds(usage.ru_utime) + seconds(usage.ru_stime);
}

// CPU time the whole machine has spent busy (every process), from /proc/stat: what else ran
// during a window, so that a figure taken beside someone's build is seen as such.
double machine_busy_seconds() {
  std::ifstream stat("/proc/stat");
  std::string cpu;
  double user = 0, nice = 0, system = 0, idle = 0, iowait = 0, irq = 0, softirq = 0, steal = 0;
  stat >> cpu >> user >> nice >> system >> idle >> iowait >> irq >> softirq >> steal;
  return (user + nice + system + irq + softirq + steal) / static_cast<double>(sysconf(_SC_CLK_TCK));
}

// When the stand-in stamped each frame of the call on air, by its QR frame number.
class StampTimes {
 public:
  void record(std::uint64_t frame, Clock::time_point at) {
    std::lock_guard lock(mutex_);
    times_[frame] = at;
  }
  std::optional<Clock::time_point> at(long frame) const {
    std::lock_guard lock(mutex_);
    const auto found = times_.find(static_cast<std::uint64_t>(frame));
    if (found == times_.end()) return std::nullopt;
    return found->second;
  }

 private:
  mutable std::mutex mutex_;
  std::map<std::uint64_t, Clock::time_point> times_;
};

// The server side's links, one per call, reached from the stand-ins' signalling thread.
class Links {
 public:
  explicit Links(CallerProcess& callers) : callers_(callers) {}

  void open(int call) {
    auto settings = votercast::media::call::test::loopback_settings("bench-call-" + std::to_string(call));
    CallerLink::Callbacks callbacks;
    callbacks.on_local_description = [this, call](const std::string&, const std::string& sdp) {
      callers_.set_answer(call, sdp);
    };
    callbacks.on_ice_candidate = [this, call](unsigned mline, const std::string& candidate) {
      callers_.add_ice_candidate(call, mline, candidate);
    };
    auto link = std::make_unique<CallerLink>(std::move(settings), std::move(callbacks));
    {
      std::lock_guard lock(mutex_);
      links_[static_cast<std::size_t>(call)] = std::move(link);
    }
    callers_.start_call(call, kCallerWidth, kCallerHeight);
  }

  // The stand-in's candidates may overtake its offer: they wait for it.
  void offer(int call, const std::string& sdp) {
    std::lock_guard lock(mutex_);
    auto& link = links_.at(static_cast<std::size_t>(call));
    if (!link) return;
    try {
      link->accept_offer(sdp);
    } catch (const std::exception& error) {
      std::fprintf(stderr, "bench_calls: call %d: the offer: %s\n", call, error.what());
      return;
    }
    offered_[static_cast<std::size_t>(call)] = true;
    for (const auto& [mline, candidate] : early_candidates_[static_cast<std::size_t>(call)]) {
      link->add_ice_candidate(mline, candidate);
    }
    early_candidates_[static_cast<std::size_t>(call)].clear();
  }

  void candidate(int call, unsigned mline, const std::string& candidate) {
    std::lock_guard lock(mutex_);
    const auto index = static_cast<std::size_t>(call);
    if (!links_.at(index)) return;
    if (!offered_[index]) early_candidates_[index].emplace_back(mline, candidate);
    else links_[index]->add_ice_candidate(mline, candidate);
  }

  CallerLink& at(int call) {
    std::lock_guard lock(mutex_);
    return *links_.at(static_cast<std::size_t>(call));
  }

  std::uint64_t frames_received(int call) {
    std::lock_guard lock(mutex_);
    const auto& link = links_.at(static_cast<std::size_t>(call));
    return link ? link->stats().frames_received : 0;
  }

  // Connected and pictures arriving; false on timeout.
  bool wait_for_pictures(int call, std::uint64_t frames, std::chrono::seconds timeout) {
    const auto deadline = Clock::now() + timeout;
    while (Clock::now() < deadline) {
      if (at(call).state() == CallState::connected && frames_received(call) >= frames) return true;
      std::this_thread::sleep_for(50ms);
    }
    return false;
  }

  void close_all() {
    std::lock_guard lock(mutex_);
    for (auto& link : links_) link.reset();
  }

 private:
  CallerProcess& callers_;
  std::mutex mutex_;
  std::array<std::unique_ptr<CallerLink>, kCalls> links_;
  std::array<bool, kCalls> offered_{};
  std::array<std::vector<std::pair<unsigned, std::string>>, kCalls> early_candidates_;
};

struct Window {
  double wall = 0, server_cpu = 0, callers_cpu = 0, machine_busy = 0;
  ProgrammeHealth before, after;
  std::uint64_t caller_frames = 0;  // the call on air's pictures received meanwhile
};

Window measure(Programme& programme, CallerProcess& callers, Links& links, bool on_air, std::chrono::seconds length) {
  Window window;
  window.before = programme.health();
  const double server_before = process_cpu_seconds(), callers_before = callers.cpu_seconds();
  const double machine_before = machine_busy_seconds();
  const std::uint64_t frames_before = on_air ? links.frames_received(0) : 0;
  const auto began = Clock::now();
  std::this_thread::sleep_for(length);
  window.server_cpu = process_cpu_seconds() - server_before;
  window.callers_cpu = callers.cpu_seconds() - callers_before;
  window.machine_busy = machine_busy_seconds() - machine_before;
  window.wall = std::chrono::duration<double>(Clock::now() - began).count();
  window.after = programme.health();
  window.caller_frames = on_air ? links.frames_received(0) - frames_before : 0;
  return window;
}

void print_window(const char* name, const Window& w) {
  const auto delta = [&](std::uint64_t ProgrammeHealth::*field) {
    return static_cast<unsigned long long>(w.after.*field - w.before.*field);
  };
  std::printf("%s (%.1f s):\n", name, w.wall);
  std::printf("  server cpu %.2f cores (stand-in browsers, not counted: %.2f cores)\n", w.server_cpu / w.wall,
              w.callers_cpu / w.wall);
  const double others = std::max(0.0, (w.machine_busy - w.server_cpu - w.callers_cpu) / w.wall);
  std::printf("  other processes on the machine meanwhile: %.2f cores%s\n", others,
              others > kBusyMachine ? " -- DISTURBED: run again on a quiet machine" : "");
  std::printf("  programme frames out %llu (%.2f fps), dropped %llu, duplicated %llu, slate %llu, encoded %llu\n",
              delta(&ProgrammeHealth::frames_out), static_cast<double>(delta(&ProgrammeHealth::frames_out)) / w.wall,
              delta(&ProgrammeHealth::frames_dropped), delta(&ProgrammeHealth::frames_duplicated),
              delta(&ProgrammeHealth::frames_slate), delta(&ProgrammeHealth::frames_encoded));
  std::printf("  audio underruns %llu, blend avg %.2f ms max %.2f ms (last second)\n",
              delta(&ProgrammeHealth::audio_underruns), w.after.blend_avg_ms, w.after.blend_max_ms);
  if (w.caller_frames > 0) {
    std::printf("  caller on air: %llu pictures received (%.1f fps)\n", static_cast<unsigned long long>(w.caller_frames),
                static_cast<double>(w.caller_frames) / w.wall);
  }
}

void print_latency(const OnAirQrWatch& watch, const StampTimes& stamps) {
  std::vector<double> ms;
  std::size_t unstamped = 0;
  for (const auto& sighting : watch.sightings()) {
    const auto stamped = stamps.at(sighting.frame);
    if (!stamped) {
      ++unstamped;
      continue;
    }
    ms.push_back(std::chrono::duration<double, std::milli>(sighting.shown - *stamped).count());
  }
  std::sort(ms.begin(), ms.end());
  const auto percentile = [&](double p) { return ms[static_cast<std::size_t>(p * static_cast<double>(ms.size() - 1))]; };
  std::printf("caller-to-programme latency (QR stamped at the caller -> first programme frame showing it), "
              "%zu frames read over %lld s:\n",
              ms.size(), static_cast<long long>(kLatencyWindow.count()));
  if (ms.empty()) {
    std::printf("  none read (%llu unreadable, %zu without a stamp)\n",
                static_cast<unsigned long long>(watch.unreadable()), unstamped);
    return;
  }
  std::printf("  p50 %.0f ms, p95 %.0f ms, max %.0f ms, min %.0f ms (target <= 300 ms); %llu unreadable, "
              "%zu without a stamp\n",
              percentile(0.5), percentile(0.95), ms.back(), ms.front(),
              static_cast<unsigned long long>(watch.unreadable()), unstamped);
}

// A waiting caller screened: their newest picture and their voice go to a stand-in console
// through a ScreenerLink every 20 ms, the console's talk-back goes back to them, as the
// screening room will pump it.
class Screening {
 public:
  Screening(CallerLink& caller, int call)
      : caller_(caller),
        pair_(votercast::media::call::test::loopback_screener("bench-screen-" + std::to_string(call)),
              {.tone_hz = 600.0}) {}
  ~Screening() {
    running_ = false;
    if (pump_.joinable()) pump_.join();
  }

  bool wait_connected(std::chrono::seconds timeout) { return pair_.wait_for_state(CallState::connected, timeout); }
  void start() {
    pump_ = std::thread([this] { pump(); });
  }
  ScreeningPair& pair() { return pair_; }

 private:
  void pump() {
    constexpr std::size_t kFrames = 48000 / 50;
    std::vector<std::int16_t> sound(kFrames * 2);
    std::uint64_t last = 0;
    auto next = Clock::now();
    while (running_) {
      if (auto picture = caller_.latest_frame(); picture && picture->number != last) {
        last = picture->number;
        pair_.link().push_picture(std::move(picture));
      }
      caller_.pull_audio(sound);
      pair_.link().push_sound(sound.data(), kFrames);
      pair_.link().pull_talkback(sound);
      caller_.push_return_audio(sound.data(), kFrames);
      next += 20ms;
      std::this_thread::sleep_until(next);
    }
  }

  CallerLink& caller_;
  ScreeningPair pair_;
  std::atomic<bool> running_ = true;
  std::thread pump_;
};

void print_console_latency(const std::vector<std::pair<ScreeningPair*, const StampTimes*>>& screened,
                           std::chrono::seconds length) {
  std::vector<double> ms;
  std::size_t unstamped = 0;
  for (const auto& [pair, stamps] : screened) {
    for (const auto& read : pair->console().read_pictures()) {
      const auto stamped = stamps->at(read.number);
      if (!stamped) {
        ++unstamped;
        continue;
      }
      ms.push_back(std::chrono::duration<double, std::milli>(read.decoded - *stamped).count());
    }
  }
  std::sort(ms.begin(), ms.end());
  std::printf("caller-to-console latency (QR stamped at the caller -> decoded at the screener's console), "
              "%zu pictures read over %lld s:\n",
              ms.size(), static_cast<long long>(length.count()));
  if (ms.empty()) {
    std::printf("  none read (%zu without a stamp)\n", unstamped);
    return;
  }
  const auto percentile = [&](double p) { return ms[static_cast<std::size_t>(p * static_cast<double>(ms.size() - 1))]; };
  std::printf("  p50 %.0f ms, p95 %.0f ms, max %.0f ms, min %.0f ms; %zu without a stamp\n", percentile(0.5),
              percentile(0.95), ms.back(), ms.front(), unstamped);
}

int screen(Programme& programme, CallerProcess& callers, Links& links, std::array<StampTimes, kCalls>& stamps,
           const Window& connected_only, std::chrono::seconds length) {
  std::vector<std::unique_ptr<Screening>> screenings;
  for (int call = 1; call < kCalls; ++call) screenings.push_back(std::make_unique<Screening>(links.at(call), call));
  for (auto& screening : screenings) {
    if (!screening->wait_connected(30s)) {
      std::fprintf(stderr, "bench_calls: a screener's console did not connect (%s)\n",
                   screening->pair().describe_states().c_str());
      return 1;
    }
    screening->start();
  }
  std::this_thread::sleep_for(kSettle);

  // Reading QR codes costs CPU of this process: its own window, before the CPU is measured.
  for (auto& screening : screenings) screening->pair().console().read_qr_codes(true);
  std::this_thread::sleep_for(kLatencyWindow);
  for (auto& screening : screenings) screening->pair().console().read_qr_codes(false);
  std::vector<std::pair<ScreeningPair*, const StampTimes*>> screened;
  for (int i = 0; i < static_cast<int>(screenings.size()); ++i) {
    screened.emplace_back(&screenings[static_cast<std::size_t>(i)]->pair(), &stamps[static_cast<std::size_t>(i + 1)]);
  }
  print_console_latency(screened, std::chrono::duration_cast<std::chrono::seconds>(kLatencyWindow));

  std::vector<std::uint64_t> pictures_before, talkback_before;
  for (auto& screening : screenings) {
    pictures_before.push_back(screening->pair().console().pictures());
    talkback_before.push_back(screening->pair().link().stats().talkback_frames_received);
  }
  const Window screening_window = measure(programme, callers, links, true, length);
  print_window("one caller on air and two screened to stand-in consoles", screening_window);
  std::printf("  screening two callers adds %.2f cores to the server over connected-only (%.2f -> %.2f; the "
              "stand-in consoles' decoding included)\n",
              screening_window.server_cpu / screening_window.wall - connected_only.server_cpu / connected_only.wall,
              connected_only.server_cpu / connected_only.wall, screening_window.server_cpu / screening_window.wall);
  for (std::size_t i = 0; i < screenings.size(); ++i) {
    auto& pair = screenings[i]->pair();
    const auto picture = pair.console().latest_picture();
    std::printf("  console %zu: %.1f pictures/s at %dx%d, talk-back %.1f s a second, state %s\n", i + 1,
                static_cast<double>(pair.console().pictures() - pictures_before[i]) / screening_window.wall,
                picture ? picture->width : 0, picture ? picture->height : 0,
                static_cast<double>(pair.link().stats().talkback_frames_received - talkback_before[i]) / 48000.0 /
                    screening_window.wall,
                votercast::media::call::to_string(pair.link().state()));
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  // First, while this process has no thread: the stand-ins' process is forked from it.
  CallerProcess callers;
  const auto window = std::chrono::seconds(argc > 1 ? std::stoi(argv[1]) : 20);
  ProgrammeConfig config;  // 1920x1080 at 25 fps, the test input
  for (int i = 2; i < argc; ++i) config.outputs.push_back(argv[i]);
  config.log = [](std::string_view line) { std::fprintf(stderr, "[programme] %.*s\n", int(line.size()), line.data()); };

  std::array<StampTimes, kCalls> stamps;
  Links links(callers);
  callers.listen({
      .on_offer = [&links](int call, const std::string& sdp) { links.offer(call, sdp); },
      .on_ice_candidate = [&links](int call, unsigned mline, const std::string& candidate) {
        links.candidate(call, mline, candidate);
      },
      .on_frame_stamped = [&stamps](int call, std::uint64_t frame, Clock::time_point at) {
        stamps[static_cast<std::size_t>(call)].record(frame, at);
      },
  });

  // Their events reach stamps and links: they end before those do, even on an exception.
  struct StopCallersFirst {
    CallerProcess& callers;
    ~StopCallersFirst() { callers.close(); }
  } stop_callers_first{callers};

  GraphicsEngine engine(config.width, config.height);
  auto watch = std::make_shared<OnAirQrWatch>(engine);
  Programme programme(config);
  programme.set_overlay(watch);
  programme.start();
  std::printf("calls: programme %dx%d@%d, %zu output(s), callers %dx%d VP8 at 25 fps, %d s windows, %u cores\n",
              config.width, config.height, config.fps, config.outputs.size(), kCallerWidth, kCallerHeight,
              static_cast<int>(window.count()), std::thread::hardware_concurrency());
  std::this_thread::sleep_for(kSettle);
  const Window alone = measure(programme, callers, links, false, window);
  print_window("programme alone (graphics engine, no call)", alone);
  std::fflush(stdout);

  int status = 0;
  links.open(0);
  if (!links.wait_for_pictures(0, 25, 30s)) {
    std::fprintf(stderr, "bench_calls: the caller on air did not connect (state %s)\n",
                 votercast::media::call::to_string(links.at(0).state()));
    status = 1;
  } else {
    // The server's own wiring (web/live/caller_slot.hpp): the newest picture, packed once per
    // new frame, and the voice into the programme's sound with the programme going back.
    auto on_air = std::make_shared<CallerSlot>();
    on_air->attach(&links.at(0));
    engine.set_caller_picture([on_air, watch = watch.get(), last = std::uint64_t{0}]() mutable {
      auto picture = on_air->picture();
      if (picture && picture->number != last) {
        last = picture->number;
        watch->picture_changed();
      }
      return picture;
    });
    programme.set_sound_insert([on_air](std::span<std::int16_t> sound) { on_air->mix_into(sound); });
    Scene scene;
    scene.caller_video.visible = true;
    scene.caller_video.content.layout = CallerVideo::Layout::side_by_side;
    scene.caller_video.content.name = "Bench caller";
    engine.set_scene(scene);
    std::this_thread::sleep_for(kSettle);

    // Reading QR codes costs CPU of this process: its own window, before the CPU is measured.
    watch->watch(true);
    std::this_thread::sleep_for(kLatencyWindow);
    watch->watch(false);
    print_latency(*watch, stamps[0]);

    const Window one = measure(programme, callers, links, true, window);
    print_window("one 720p caller on air, side by side, voice mixed", one);
    std::printf("  the caller on air adds %.2f cores to the server (target <= 0.5 core)\n",
                one.server_cpu / one.wall - alone.server_cpu / alone.wall);
    std::fflush(stdout);

    links.open(1);
    links.open(2);
    if (!links.wait_for_pictures(1, 25, 30s) || !links.wait_for_pictures(2, 25, 30s)) {
      std::fprintf(stderr, "bench_calls: a screening caller did not connect\n");
      status = 1;
    } else {
      std::this_thread::sleep_for(kSettle);
      const Window three = measure(programme, callers, links, true, window);
      print_window("one caller on air and two more connected (nothing reads them)", three);
      std::fflush(stdout);
      status = screen(programme, callers, links, stamps, three, window);
    }
    programme.set_sound_insert({});
    engine.set_caller_picture({});
    on_air->detach(&links.at(0));
  }
  programme.stop();
  links.close_all();
  callers.close();
  return status;
}
