#include "core/poll_vote.hpp"

namespace votercast::core {

void PollTally::load(std::int64_t poll_id, std::unordered_map<std::string, std::int64_t> counts) {
  counts_[poll_id] = std::move(counts);
  ++changes_;
}

void PollTally::apply(const VoteResult& result) {
  if (!result.counted) return;
  auto& counts = counts_[result.poll_id];
  ++counts[result.code];
  if (result.replaced) --counts[*result.replaced];
  ++changes_;
}

const std::unordered_map<std::string, std::int64_t>& PollTally::counts(std::int64_t poll_id) const {
  static const std::unordered_map<std::string, std::int64_t> none;
  const auto it = counts_.find(poll_id);
  return it == counts_.end() ? none : it->second;
}

}  // namespace votercast::core
