#include "core/desk/near_duplicate_index.hpp"

#include <algorithm>

namespace votercast::core {

void NearDuplicateIndex::reset(std::optional<std::int64_t> show_id) {
  by_key_.clear();
  show_id_ = show_id;
  loaded_ = true;
}

void NearDuplicateIndex::remember(const std::string& near_key, std::int64_t id) {
  if (near_key.empty()) return;
  auto& ids = by_key_[near_key];
  ids.push_back(id);
  // Older ones only matter when all the newer ones were rejected or merged.
  if (ids.size() > kKeptPerKey) ids.erase(ids.begin());
}

std::vector<std::int64_t> NearDuplicateIndex::newest_first(const std::string& near_key) const {
  const auto it = by_key_.find(near_key);
  if (it == by_key_.end()) return {};
  return {it->second.rbegin(), it->second.rend()};
}

}  // namespace votercast::core
