#include <gtest/gtest.h>

#include <atomic>
#include <future>
#include <stdexcept>
#include <thread>

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

// A media link that was made must also be ended: a finish_all worker runs what waits when
// it stops, and what comes after, on the caller's thread; a drop_waiting one drops both.
TEST(BlockingWorker, StopFinishesOrDropsTheWaitingTasksByPolicy) {
  for (auto policy : {BlockingWorker::OnStop::finish_all, BlockingWorker::OnStop::drop_waiting}) {
    std::atomic<int> ran = 0;
    {
      BlockingWorker worker(SIZE_MAX, policy);
      std::promise<void> started, release;
      worker.run([&started, &release] {
        started.set_value();
        release.get_future().wait();
      });
      started.get_future().wait();
      for (int i = 0; i < 5; ++i) worker.run([&ran] { ++ran; });
      std::thread stopper([&worker] { worker.stop(); });
      while (worker.try_run([] {})) std::this_thread::yield();  // refused: stop() has begun
      release.set_value();
      stopper.join();
      worker.run([&ran] { ran += 10; });  // after stop
      EXPECT_FALSE(worker.try_run([&ran] { ran += 100; }));
    }
    if (policy == BlockingWorker::OnStop::finish_all) {
      EXPECT_EQ(ran, 15);
    } else {
      EXPECT_EQ(ran, 0);
    }
  }
}

}  // namespace
}  // namespace votercast::web
