#include <gtest/gtest.h>

#include <future>
#include <stdexcept>

#include "web/net/blocking_worker.hpp"

namespace votercast::web {
namespace {

TEST(BlockingWorker, ATaskThatThrowsEndsNeitherTheWorkerNorTheProcess) {
  BlockingWorker worker(8);
  worker.try_run([] { throw std::runtime_error("argon2 ran out of memory"); });
  worker.try_run([] { throw 42; });
  std::promise<int> next;
  worker.try_run([&next] { next.set_value(7); });
  auto result = next.get_future();
  ASSERT_EQ(result.wait_for(std::chrono::seconds(5)), std::future_status::ready);
  EXPECT_EQ(result.get(), 7);
}

// A flood is turned away at the door: the queue behind the running task never grows past
// its bound, so a real task waits behind at most that many.
TEST(BlockingWorker, AFullQueueRefusesAtOnce) {
  BlockingWorker worker(3);
  std::promise<void> started, release;
  auto released = release.get_future().share();
  ASSERT_TRUE(worker.try_run([&started, released] {
    started.set_value();
    released.wait();
  }));
  started.get_future().wait();  // the running task no longer counts as waiting
  int ran = 0;
  std::promise<void> last_ran;
  for (int i = 0; i < 2; ++i) EXPECT_TRUE(worker.try_run([&ran] { ++ran; })) << i;
  EXPECT_TRUE(worker.try_run([&ran, &last_ran] { ++ran; last_ran.set_value(); }));
  for (int i = 0; i < 100; ++i) EXPECT_FALSE(worker.try_run([&ran] { ++ran; })) << i;
  release.set_value();
  last_ran.get_future().wait();
  EXPECT_EQ(ran, 3);
}

}  // namespace
}  // namespace votercast::web
