#include "core/store/cluster_table.hpp"

#include <algorithm>
#include <array>
#include <map>

#include "core/store/question_table.hpp"

namespace votercast::core::store {
namespace {

// Of the newest kSampled pending members: a cluster of 2,000 is described as well by its
// newest 200, and listing 30 clusters reads 6,000 rows at most whatever their size. (Kept
// off the cluster index, which every question joining a cluster writes into at the
// cluster's place: with area and channel in it, storing a burst of alike questions wrote
// half again as many pages.)
constexpr int kSampled = 200;

using Tally = std::vector<std::pair<std::string, std::int64_t>>;

// The most common first (then by name), at most 5.
Tally top_five(std::map<std::string, std::int64_t> counts) {
  Tally out(counts.begin(), counts.end());
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) {
    return a.second != b.second ? a.second > b.second : a.first < b.first;
  });
  if (out.size() > 5) out.resize(5);
  return out;
}

ClusterSummary summary_of(Database& db, std::int64_t id, std::int64_t questions, std::int64_t pending, std::int64_t voters) {
  ClusterSummary c;
  c.id = id;
  c.questions = questions;
  c.pending = pending;
  c.voters = voters;
  c.representative = cluster_representative(db, id);
  auto& s = db.prepare(
      "SELECT area, channel FROM questions WHERE cluster_id = ?1 AND state = 'pending' ORDER BY id DESC LIMIT ?2");
  s.bind(1, id).bind(2, kSampled);
  std::map<std::string, std::int64_t> areas, channels;
  for (const auto& [area, channel] :
       s.rows([](const Statement& row) { return std::pair{row.text(0), row.text(1)}; })) {
    ++areas[area];
    ++channels[channel];
  }
  c.areas = top_five(std::move(areas));
  c.channels = top_five(std::move(channels));
  return c;
}

}  // namespace

ClusterPage list_clusters(Database& db, std::optional<std::int64_t> show_id, int limit, std::int64_t offset) {
  ClusterPage page;
  auto& s = db.prepare(
      "SELECT id, questions, pending, voters FROM clusters INDEXED BY clusters_by_size WHERE show_key = ?1 AND pending >= 2 "
      "ORDER BY voters DESC, id DESC LIMIT ?2 OFFSET ?3");
  s.bind(1, show_id.value_or(0)).bind(2, limit).bind(3, offset);
  const auto rows = s.rows([](const Statement& row) {
    return std::array{row.int64(0), row.int64(1), row.int64(2), row.int64(3)};
  });
  for (const auto& r : rows) page.clusters.push_back(summary_of(db, r[0], r[1], r[2], r[3]));
  // The partial index holds only these few hundred; the index of every cluster would
  // read 200,000 to count them.
  page.total = db.prepare("SELECT count(*) FROM clusters INDEXED BY clusters_by_size WHERE show_key = ? AND pending >= 2")
                   .bind(1, show_id.value_or(0))
                   .scalar_int64();
  return page;
}

std::optional<ClusterSummary> load_cluster(Database& db, std::int64_t cluster_id) {
  auto& s = db.prepare("SELECT questions, pending, voters FROM clusters WHERE id = ?");
  s.bind(1, cluster_id);
  const auto row = s.first([](const Statement& r) { return std::array{r.int64(0), r.int64(1), r.int64(2)}; });
  if (!row) return std::nullopt;
  return summary_of(db, cluster_id, (*row)[0], (*row)[1], (*row)[2]);
}

std::vector<Question> pending_members(Database& db, std::int64_t cluster_id) {
  auto& s = db.prepare("SELECT " + kQuestionColumns + " FROM questions WHERE cluster_id = ? AND state = 'pending' ORDER BY id");
  s.bind(1, cluster_id);
  return s.rows(read_question_row);
}

std::optional<Question> cluster_representative(Database& db, std::int64_t cluster_id) {
  auto& s = db.prepare("SELECT " + kQuestionColumns +
                       " FROM questions WHERE cluster_id = ? AND state NOT IN ('rejected', 'merged') ORDER BY id LIMIT 1");
  s.bind(1, cluster_id);
  return s.first(read_question_row);
}

std::vector<ClusterKey> live_cluster_keys(Database& db, std::optional<std::int64_t> show_id) {
  auto& s = db.prepare(
      "SELECT id, cluster_id, near_key FROM questions WHERE show_id IS ?1 AND cluster_id IS NOT NULL "
      "AND state NOT IN ('rejected', 'merged') ORDER BY id");
  s.bind(1, show_id);
  return s.rows([](const Statement& row) { return ClusterKey{row.int64(0), row.int64(1), row.text(2)}; });
}

std::optional<std::int64_t> stored_cluster_of(Database& db, std::int64_t question_id) {
  auto& s = db.prepare("SELECT cluster_id FROM questions WHERE id = ?");
  s.bind(1, question_id);
  auto found = s.first([](const Statement& row) { return row.optional_int64(0); });
  return found ? *found : std::nullopt;
}

}  // namespace votercast::core::store
