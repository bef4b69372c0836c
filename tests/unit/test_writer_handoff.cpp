// The writer's completion executor can be retired safely: once set_completion_executor()
// returns, every batch handed to the old executor is in its hands, so the one retiring
// it can run them all and no waiter is left waiting (the server's shutdown relies on it).
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>

#include "core/store/group_commit_writer.hpp"
#include "temp_db.hpp"

namespace votercast::core::store {
namespace {

using namespace std::chrono_literals;

TEST(WriterHandoff, RetiringTheExecutorWaitsForABatchOnItsWay) {
  TempDb tmp;
  GroupCommitWriter writer(tmp.path, Durability::normal);
  std::mutex mutex;
  std::deque<std::function<void()>> handed;
  std::atomic<bool> handing{false};
  // A slow hand-off, as when the writer thread is preempted between commit and post.
  writer.set_completion_executor([&](std::function<void()> fn) {
    handing = true;
    std::this_thread::sleep_for(200ms);
    std::lock_guard lock(mutex);
    handed.push_back(std::move(fn));
  });
  std::atomic<bool> done{false};
  writer.submit([](WriteContext&) {}, [&](std::exception_ptr) { done = true; });
  while (!handing) std::this_thread::sleep_for(1ms);

  writer.set_completion_executor({});
  std::deque<std::function<void()>> to_run;
  {
    std::lock_guard lock(mutex);
    to_run.swap(handed);
  }
  ASSERT_EQ(to_run.size(), 1u) << "the batch was still on its way to the retired executor";
  for (auto& fn : to_run) fn();
  EXPECT_TRUE(done);

  // Later batches complete on the writer thread itself.
  writer.run([](WriteContext&) {});
  writer.stop();
}

}  // namespace
}  // namespace votercast::core::store
