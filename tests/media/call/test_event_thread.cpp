// The link's own thread: tasks in order, a tick between, nothing after stop().
#include <gtest/gtest.h>

#include <atomic>
#include <thread>
#include <vector>

#include "media/call/event_thread.hpp"

namespace votercast::media::call {
namespace {

using namespace std::chrono_literals;

TEST(EventThread, RunsTasksInOrderAndTicks) {
  std::atomic<int> ticks = 0;
  std::mutex mutex;
  std::vector<int> order;
  EventThread thread(10ms, [&] { ++ticks; });
  for (int i = 0; i < 100; ++i) {
    thread.post([&, i] {
      std::lock_guard lock(mutex);
      order.push_back(i);
    });
  }
  const auto deadline = std::chrono::steady_clock::now() + 10s;
  while ((ticks < 3 || order.size() < 100) && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(5ms);
  }
  thread.stop();
  std::lock_guard lock(mutex);
  ASSERT_EQ(order.size(), 100u);
  for (int i = 0; i < 100; ++i) EXPECT_EQ(order[i], i);
  EXPECT_GE(ticks, 3);
}

TEST(EventThread, NothingRunsAfterStop) {
  std::atomic<int> ran = 0;
  EventThread thread(1s, [] {});
  thread.stop();
  thread.post([&] { ++ran; });
  std::this_thread::sleep_for(20ms);
  EXPECT_EQ(ran, 0);
}

}  // namespace
}  // namespace votercast::media::call
