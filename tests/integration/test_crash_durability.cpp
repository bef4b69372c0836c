// An acknowledged question is never lost: SIGKILL the server in the middle of
// concurrent submissions, restart it, and find every ticket that got a 201.
#include <atomic>
#include <mutex>
#include <thread>

#include "live_server.hpp"

using namespace votercast::test;

class CrashDurability : public LiveServer {};

TEST_F(CrashDurability, EveryAcknowledgedTicketSurvivesSigkill) {
  constexpr int kWriters = 8;
  std::mutex mutex;
  std::vector<std::string> acknowledged;
  std::atomic<bool> stop{false};
  std::atomic<int> errors_after_kill{0};
  std::vector<std::thread> writers;
  const auto port = server->port();
  for (int w = 0; w < kWriters; ++w)
    writers.emplace_back([&, w] {
      HttpClient c(port);
      c.set_timeout(std::chrono::seconds(2));
      for (int i = 0; i < 20000 && !stop; ++i) {
        const auto r = c.post("/api/questions", {{"name", "Cử tri " + std::to_string(w)},
                                                 {"text", "Câu hỏi số " + std::to_string(i) + " về đường ĐT743"}});
        if (r.status == 201) {
          std::lock_guard lock(mutex);
          acknowledged.push_back(r.json()["ticket"]);
        } else if (r.status == 0) {
          ++errors_after_kill;
          break;  // the server is gone
        }
      }
    });
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));
  server->kill9();
  stop = true;
  for (auto& t : writers) t.join();
  ASSERT_GT(acknowledged.size(), 100u) << "too few submissions before the kill to prove anything";

  start();
  auto c = client();
  std::size_t missing = 0;
  for (const auto& ticket : acknowledged)
    if (c->get("/api/tickets/" + ticket).status != 200) ++missing;
  EXPECT_EQ(missing, 0u) << "of " << acknowledged.size() << " acknowledged tickets";
  std::cout << "[ crash    ] " << acknowledged.size() << " acknowledged before SIGKILL, all present after restart\n";
}
