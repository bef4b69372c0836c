#pragma once
// Long store work (retention passes) done as a chain of small writer jobs: each is
// submitted only once the one before has committed, so it never holds the single writer
// for more than one step and live intake queued meanwhile goes in between.
#include <exception>
#include <functional>

#include "core/store/group_commit_writer.hpp"

namespace votercast::core {

// job runs in the writer. After it commits, more() (called where the writer completes
// jobs) says whether another job follows. done gets the error that ended the chain, or
// null after the last job.
void run_writer_job_chain(store::GroupCommitWriter& writer, std::function<void(store::WriteContext&)> job,
                          std::function<bool()> more, std::function<void(std::exception_ptr)> done);

}  // namespace votercast::core
