#include "core/desk/sender_repeats.hpp"

#include <algorithm>
#include <functional>

#include "core/desk/cluster_index.hpp"

namespace votercast::core {
namespace {

std::size_t word_count(std::string_view key) {
  if (key.empty()) return 0;
  std::size_t n = 1;
  for (char c : key) n += c == ' ';
  return n;
}

// Both keys are sorted distinct words (near_duplicate_key): their common words by a merge.
std::size_t common_words(std::string_view a, std::string_view b) {
  std::size_t common = 0, i = 0, j = 0;
  while (i < a.size() && j < b.size()) {
    const auto ea = std::min(a.find(' ', i), a.size());
    const auto eb = std::min(b.find(' ', j), b.size());
    const auto wa = a.substr(i, ea - i), wb = b.substr(j, eb - j);
    if (wa == wb) {
      ++common;
      i = ea + 1;
      j = eb + 1;
    } else if (wa < wb) {
      i = ea + 1;
    } else {
      j = eb + 1;
    }
  }
  return common;
}

}  // namespace

std::optional<std::int64_t> SenderRepeats::repeated(const std::string& sender, std::string_view fold_key,
                                                    std::string_view near_key, std::int64_t now_ms) {
  sweep(now_ms);
  const auto it = by_sender_.find(sender);
  if (it == by_sender_.end()) return std::nullopt;
  const auto fold_hash = std::hash<std::string_view>{}(fold_key);
  const auto size = word_count(near_key);
  for (const auto& asked : it->second) {
    if (asked.at_ms < now_ms - kWindowMs) continue;
    if (asked.fold_hash == fold_hash ||
        ClusterRule::score(common_words(asked.near_key, near_key), word_count(asked.near_key), size) > 0)
      return asked.id;
  }
  return std::nullopt;
}

void SenderRepeats::remember(const std::string& sender, std::int64_t id, std::string_view fold_key,
                             std::string near_key, std::int64_t now_ms) {
  auto [it, added] = by_sender_.try_emplace(sender);
  if (added) sweep_order_.emplace_back(now_ms, sender);
  auto& asked = it->second;
  asked.push_front({id, now_ms, std::hash<std::string_view>{}(fold_key), std::move(near_key)});
  if (asked.size() > kPerSender) asked.pop_back();
}

void SenderRepeats::sweep(std::int64_t now_ms) {
  while (!sweep_order_.empty() && sweep_order_.front().first < now_ms - kWindowMs) {
    auto sender = std::move(sweep_order_.front().second);
    sweep_order_.pop_front();
    const auto it = by_sender_.find(sender);
    if (it == by_sender_.end()) continue;
    // Still asking: looked at again a window after its latest question.
    if (!it->second.empty() && it->second.front().at_ms >= now_ms - kWindowMs)
      sweep_order_.emplace_back(it->second.front().at_ms, std::move(sender));
    else
      by_sender_.erase(it);
  }
}

}  // namespace votercast::core
