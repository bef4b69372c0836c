#pragma once
// What every desk (questions, callers, polls) does alike: a job on the group-commit
// writer whose result reaches the caller once committed, and the domain errors it fails with.
#include <cstdint>
#include <exception>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "core/errors.hpp"
#include "core/store/group_commit_writer.hpp"

namespace votercast::core {

// Called after the commit (on the writer thread, or where the writer posts completions),
// or with the error.
template <class T>
using Reply = std::function<void(std::exception_ptr, T)>;

// Runs work(ctx) -> T on the writer; reply gets the value after the commit, or the error.
template <class T, class Work>
void enqueue_job(store::GroupCommitWriter& writer, Work work, Reply<T> reply) {
  auto result = std::make_shared<T>();
  writer.submit([result, work = std::move(work)](store::WriteContext& ctx) mutable { *result = work(ctx); },
                [result, reply = std::move(reply)](std::exception_ptr error) {
                  if (reply) reply(error, error ? T{} : std::move(*result));
                });
}

[[noreturn]] inline void fail(ErrorKind kind, const std::string& code, const std::string& message,
                              std::optional<std::int64_t> version = std::nullopt) {
  throw DomainError(kind, code, message, version);
}

}  // namespace votercast::core
