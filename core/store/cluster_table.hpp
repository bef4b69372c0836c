#pragma once
// The clusters of a show (migration 13): their sizes, kept by triggers, and what the
// "Cụm câu hỏi" view shows of each, read off indexes whatever the size of the show.
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/question.hpp"
#include "core/store/database.hpp"

namespace votercast::core::store {

struct ClusterSummary {
  std::int64_t id = 0;         // the cluster's first question
  std::int64_t questions = 0;  // every member
  std::int64_t pending = 0;    // the members waiting for a moderator
  std::int64_t voters = 0;     // behind the pending ones: each 1 + the duplicates merged into it
  std::optional<Question> representative;  // its oldest live member (none: all rejected or merged)
  // Of the pending members (the newest 200 of a larger cluster), the most common first, at
  // most 5 each.
  std::vector<std::pair<std::string, std::int64_t>> areas;
  std::vector<std::pair<std::string, std::int64_t>> channels;
};

struct ClusterPage {
  std::vector<ClusterSummary> clusters;
  std::int64_t total = 0;  // clusters with 2 or more pending, all pages
};

// A show's clusters with 2 or more pending questions, by voters, the most first.
ClusterPage list_clusters(Database& db, std::optional<std::int64_t> show_id, int limit, std::int64_t offset);
std::optional<ClusterSummary> load_cluster(Database& db, std::int64_t cluster_id);
std::vector<Question> pending_members(Database& db, std::int64_t cluster_id);
// The cluster's oldest member that is neither rejected nor merged.
std::optional<Question> cluster_representative(Database& db, std::int64_t cluster_id);

struct ClusterKey {
  std::int64_t id = 0;
  std::int64_t cluster_id = 0;
  std::string near_key;
};
// A show's questions that are not rejected or merged, oldest first: what ClusterIndex is
// loaded from after a restart.
std::vector<ClusterKey> live_cluster_keys(Database& db, std::optional<std::int64_t> show_id);
// The stored cluster of a question (the index's memory may hold one rolled back).
std::optional<std::int64_t> stored_cluster_of(Database& db, std::int64_t question_id);

}  // namespace votercast::core::store
