#pragma once
// bench_calls' stand-in browsers (the call tests' TestCaller) in a process of their own, so
// that the server's CPU figure counts the server alone: on a show, the VP8 encoding and the
// browser's WebRTC run on the callers' phones. The child runs at idle priority, taking only
// the CPU the server leaves. Signalling (offer, answer, candidates) goes over a socket pair,
// and so does the moment each frame was stamped with its QR code (steady_clock is the
// machine's monotonic clock, the same in both processes).
#include <sys/types.h>

#include <chrono>
#include <cstdint>
#include <functional>
#include <mutex>
#include <string>
#include <thread>

namespace votercast::bench {

class CallerProcess {
 public:
  // Called on the reader thread, one at a time, in the order the child sent them.
  struct Events {
    std::function<void(int call, const std::string& offer)> on_offer;
    std::function<void(int call, unsigned mline, const std::string& candidate)> on_ice_candidate;
    std::function<void(int call, std::uint64_t frame, std::chrono::steady_clock::time_point stamped)>
        on_frame_stamped;
  };

  // Forks. Must come before anything starts a thread (GStreamer included): the child
  // starts GStreamer of its own.
  CallerProcess();
  // close(), then the socket goes.
  ~CallerProcess();
  CallerProcess(const CallerProcess&) = delete;
  CallerProcess& operator=(const CallerProcess&) = delete;

  // Starts reading what the child sends.
  void listen(Events events);
  // A new caller in the child, sending width x height at 25 fps; its offer follows.
  void start_call(int call, int width, int height);
  void set_answer(int call, const std::string& sdp);
  void add_ice_candidate(int call, unsigned mline, const std::string& candidate);

  // Ends the conversation: the child stops its callers and exits (killed if it has not
  // within 5 s) and no event comes any more; later sends are dropped. Idempotent.
  void close();

  // User plus system CPU the child has used so far (every thread), from /proc.
  double cpu_seconds() const;

 private:
  void read_loop();

  pid_t child_ = -1;
  bool closed_ = false;
  int socket_ = -1;
  std::mutex send_mutex_;
  Events events_;
  std::thread reader_;
};

}  // namespace votercast::bench
