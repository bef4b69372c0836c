#pragma once
// Which questions of the current show share a near-duplicate key, kept in the
// writer's memory: an SQL index of these random keys made every insert write a
// different page. Only the writer thread touches it.
#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace votercast::core {

class NearDuplicateIndex {
 public:
  // Whether the index holds the questions of this show (nullopt: those waiting for a show).
  bool holds(std::optional<std::int64_t> show_id) const { return loaded_ && show_id_ == show_id; }
  void reset(std::optional<std::int64_t> show_id);
  void forget_all() { loaded_ = false; by_key_.clear(); }

  void remember(const std::string& near_key, std::int64_t id);
  // Ids sharing the key, newest first. Entries may be stale (a rolled-back insert,
  // a question since rejected): the caller checks them against the store.
  std::vector<std::int64_t> newest_first(const std::string& near_key) const;

 private:
  static constexpr std::size_t kKeptPerKey = 8;
  bool loaded_ = false;
  std::optional<std::int64_t> show_id_;
  std::unordered_map<std::string, std::vector<std::int64_t>> by_key_;
};

}  // namespace votercast::core
