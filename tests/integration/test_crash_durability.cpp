// An acknowledged question is never lost: SIGKILL the server in the middle of
// concurrent submissions, restart it, and find every ticket that got a 201. And a
// SIGTERM in the middle of the same load always ends it cleanly.
#include <atomic>
#include <fstream>
#include <mutex>
#include <thread>

#include "live_server.hpp"

using namespace votercast::test;

// Eight voters submitting as fast as the server answers, until it is gone or stop().
class SubmissionLoad {
 public:
  explicit SubmissionLoad(unsigned short port) {
    for (int w = 0; w < 8; ++w)
      writers_.emplace_back([this, port, w] {
        HttpClient c(port);
        c.set_timeout(std::chrono::seconds(2));
        for (int i = 0; i < 20000 && !stop_; ++i) {
          const auto r = c.post("/api/questions", {{"name", "Cử tri " + std::to_string(w)},
                                                   {"text", "Câu hỏi số " + std::to_string(i) + " về đường ĐT743"}});
          if (r.status == 201) {
            std::lock_guard lock(mutex_);
            tickets_.push_back(r.json()["ticket"]);
          } else if (r.status == 0) {
            break;  // the server is gone
          }
        }
      });
  }
  ~SubmissionLoad() { stop(); }
  void stop() {
    stop_ = true;
    for (auto& t : writers_)
      if (t.joinable()) t.join();
  }
  // The tickets of the questions acknowledged (201) so far.
  std::vector<std::string> tickets() {
    std::lock_guard lock(mutex_);
    return tickets_;
  }

 private:
  std::atomic<bool> stop_{false};
  std::mutex mutex_;
  std::vector<std::string> tickets_;
  std::vector<std::thread> writers_;
};

// Thousands of questions from 127.0.0.1 in a second: the per-address limit is lifted, so
// that the server really stores them under the kill.
class CrashDurability : public LiveServer {
 protected:
  std::vector<std::string> programme_args() const override {
    const auto path = dir.file("no-limit.json");
    std::ofstream(path) << R"({"intake": {"questions_per_ip": {"burst": 1000000000, "per_second": 1000000000}}})";
    return {"--no-programme", "--config", path};
  }
};

TEST_F(CrashDurability, EveryAcknowledgedTicketSurvivesSigkill) {
  SubmissionLoad load(server->port());
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));
  server->kill9();
  load.stop();
  const auto acknowledged = load.tickets();
  ASSERT_GT(acknowledged.size(), 100u) << "too few submissions before the kill to prove anything";

  start();
  auto c = client();
  std::size_t missing = 0;
  for (const auto& ticket : acknowledged)
    if (c->get("/api/tickets/" + ticket).status != 200) ++missing;
  EXPECT_EQ(missing, 0u) << "of " << acknowledged.size() << " acknowledged tickets";
  std::cout << "[ crash    ] " << acknowledged.size() << " acknowledged before SIGKILL, all present after restart\n";
}

// A SIGTERM in the middle of the same load always ends the server, and cleanly: exit
// code 0 within the drain time, never a hang that needs SIGKILL (a batch completed while
// the network loop stopped used to be lost, and a thread waiting for it waited forever).
TEST_F(CrashDurability, SigtermDuringLoadAlwaysEnds) {
  for (int round = 0; round < 3; ++round) {
    SubmissionLoad load(server->port());
    const auto loaded_by = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    while (load.tickets().size() < 200 && std::chrono::steady_clock::now() < loaded_by)
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    EXPECT_GE(load.tickets().size(), 200u) << "round " << round << ": the load never got going";
    const auto asked = std::chrono::steady_clock::now();
    const int code = server->stop(std::chrono::seconds(15));
    const auto took = std::chrono::steady_clock::now() - asked;
    load.stop();
    EXPECT_EQ(code, 0) << "round " << round << ": the server had to be killed (or failed): " << server->output();
    EXPECT_LT(took, std::chrono::seconds(10)) << "round " << round;
    start();
  }
}
