#include <gtest/gtest.h>

#include <future>
#include <stdexcept>

#include "web/net/blocking_worker.hpp"

namespace votercast::web {
namespace {

TEST(BlockingWorker, ATaskThatThrowsEndsNeitherTheWorkerNorTheProcess) {
  BlockingWorker worker;
  worker.run([] { throw std::runtime_error("argon2 ran out of memory"); });
  worker.run([] { throw 42; });
  std::promise<int> next;
  worker.run([&next] { next.set_value(7); });
  auto result = next.get_future();
  ASSERT_EQ(result.wait_for(std::chrono::seconds(5)), std::future_status::ready);
  EXPECT_EQ(result.get(), 7);
}

}  // namespace
}  // namespace votercast::web
