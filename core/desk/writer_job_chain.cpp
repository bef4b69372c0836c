#include "core/desk/writer_job_chain.hpp"

#include <memory>
#include <utility>

namespace votercast::core {
namespace {

struct Chain {
  store::GroupCommitWriter& writer;
  std::function<void(store::WriteContext&)> job;
  std::function<bool()> more;
  std::function<void(std::exception_ptr)> done;
};

void submit_next(const std::shared_ptr<Chain>& chain) {
  chain->writer.submit([chain](store::WriteContext& ctx) { chain->job(ctx); },
                       [chain](std::exception_ptr error) {
                         if (error) return chain->done(error);
                         if (!chain->more()) return chain->done(nullptr);
                         submit_next(chain);
                       });
}

}  // namespace

void run_writer_job_chain(store::GroupCommitWriter& writer, std::function<void(store::WriteContext&)> job,
                          std::function<bool()> more, std::function<void(std::exception_ptr)> done) {
  submit_next(std::make_shared<Chain>(Chain{writer, std::move(job), std::move(more), std::move(done)}));
}

}  // namespace votercast::core
