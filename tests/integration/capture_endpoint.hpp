#pragma once
// A stand-in for a gateway's send API (Twilio's, Jasmin's, an aggregator's MT URL) that the
// test process runs itself: an HTTP/1.1 server on 127.0.0.1 that records every request and
// answers each with the next of a programmed list of answers (the last one repeats).
// Plain POSIX sockets and one thread; one request per connection.
#include <chrono>
#include <condition_variable>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace votercast::test {

class CaptureEndpoint {
 public:
  struct Answer {
    int status = 200;
    std::string body;
    std::string content_type = "text/plain";
    std::chrono::milliseconds delay{0};  // a slow gateway: waits this long before answering
  };
  struct Captured {
    std::string method;
    std::string target;                         // path and query as sent
    std::map<std::string, std::string> headers;  // names lower-cased
    std::string body;
    int answered = 0;                           // the status it was answered with
  };

  explicit CaptureEndpoint(std::vector<Answer> answers = {{}});
  ~CaptureEndpoint();
  CaptureEndpoint(const CaptureEndpoint&) = delete;
  CaptureEndpoint& operator=(const CaptureEndpoint&) = delete;

  unsigned short port() const { return port_; }
  std::string base_url() const { return "http://127.0.0.1:" + std::to_string(port_); }
  // Replaces the answers still to come.
  void answer_with(std::vector<Answer> answers);
  std::vector<Captured> requests() const;
  // Waits until at least `n` requests have been answered.
  bool wait_for(std::size_t n, std::chrono::milliseconds timeout) const;

 private:
  void serve();
  void handle(int fd);

  int listen_fd_ = -1;
  unsigned short port_ = 0;
  mutable std::mutex mutex_;
  mutable std::condition_variable changed_;
  std::vector<Answer> answers_;
  std::vector<Captured> requests_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace votercast::test
