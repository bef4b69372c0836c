#include "core/desk/cluster_index.hpp"

#include <algorithm>

namespace votercast::core {

double ClusterRule::score(std::size_t common, std::size_t size_a, std::size_t size_b) {
  if (common < kMinCommon) return 0;
  const double overlap = static_cast<double>(common) / static_cast<double>(std::min(size_a, size_b));
  const double jaccard = static_cast<double>(common) / static_cast<double>(size_a + size_b - common);
  if (overlap < kMinOverlap || jaccard < kMinJaccard) return 0;
  return overlap + jaccard;
}

void ClusterIndex::reset(std::optional<std::int64_t> show_id) {
  forget_all();
  show_id_ = show_id;
  loaded_ = true;
}

void ClusterIndex::forget_all() {
  loaded_ = false;
  vocabulary_.clear();
  postings_.clear();
  users_.clear();
  questions_.clear();
  members_kept_.clear();
}

namespace {

template <class Each>
void for_each_word(std::string_view near_key, Each each) {
  std::size_t start = 0;
  while (start < near_key.size()) {
    auto end = near_key.find(' ', start);
    if (end == std::string_view::npos) end = near_key.size();
    if (end > start) each(near_key.substr(start, end - start));
    start = end + 1;
  }
}

void sort_unique(std::vector<std::uint32_t>& words) {
  std::sort(words.begin(), words.end());
  words.erase(std::unique(words.begin(), words.end()), words.end());
}

}  // namespace

std::vector<std::uint32_t> ClusterIndex::known_words(std::string_view near_key, std::size_t& unknown) const {
  std::vector<std::uint32_t> out;
  std::vector<std::string_view> missing;
  for_each_word(near_key, [&](std::string_view word) {
    const auto it = vocabulary_.find(word);
    if (it != vocabulary_.end())
      out.push_back(it->second);
    else if (std::find(missing.begin(), missing.end(), word) == missing.end())
      missing.push_back(word);
  });
  sort_unique(out);
  unknown = missing.size();
  return out;
}

std::vector<std::uint32_t> ClusterIndex::learned_words(std::string_view near_key) {
  std::vector<std::uint32_t> out;
  for_each_word(near_key, [&](std::string_view word) {
    auto it = vocabulary_.find(word);
    if (it == vocabulary_.end()) {
      it = vocabulary_.emplace(std::string(word), static_cast<std::uint32_t>(postings_.size())).first;
      postings_.emplace_back();
      users_.push_back(0);
    }
    out.push_back(it->second);
  });
  sort_unique(out);
  return out;
}

std::optional<ClusterIndex::Match> ClusterIndex::most_alike(std::string_view near_key) const {
  std::size_t unknown = 0;
  const auto words = known_words(near_key, unknown);
  const std::size_t size = words.size() + unknown;
  if (words.size() < ClusterRule::kMinCommon) return std::nullopt;
  auto probes = words;
  const auto rarest = std::min(kProbeWords, probes.size());
  std::partial_sort(probes.begin(), probes.begin() + static_cast<std::ptrdiff_t>(rarest), probes.end(),
                    [this](std::uint32_t a, std::uint32_t b) { return users_[a] < users_[b]; });
  // The new key's words marked by number: a candidate's shared words are then counted with
  // one look-up per word, not a merge of two lists (hundreds of candidates when words are common).
  if (in_query_.size() < postings_.size()) in_query_.resize(postings_.size(), 0);
  for (const auto w : words) in_query_[w] = 1;
  std::optional<Match> best;
  double best_score = 0;
  // A candidate in several probes' lists is scored again, to the same score: cheaper than
  // sorting them out. On a tie the older question wins.
  for (std::size_t p = 0; p < rarest; ++p)
    for (const Remembered* theirs : postings_[probes[p]]) {
      std::size_t shared = 0;
      for (const auto w : theirs->words) shared += in_query_[w];
      const double score = ClusterRule::score(shared, size, theirs->words.size());
      if (score > best_score || (score > 0 && score == best_score && theirs->id < best->question_id)) {
        best_score = score;
        best = Match{theirs->id, theirs->cluster_id};
      }
    }
  for (const auto w : words) in_query_[w] = 0;
  return best;
}

void ClusterIndex::remember(std::int64_t id, std::int64_t cluster_id, std::string_view near_key) {
  if (questions_.contains(id)) return;
  auto& kept = members_kept_[cluster_id];
  if (kept >= kMembersKept) return;
  const auto words = learned_words(near_key);
  if (words.size() < ClusterRule::kMinCommon) return;  // too short to be alike to anything
  ++kept;
  for (const auto w : words) ++users_[w];
  Remembered& remembered = questions_[id] = Remembered{id, cluster_id, words, words.size()};
  for (const auto w : remembered.words) {
    auto& users = postings_[w];
    users.push_back(&remembered);
    if (users.size() <= kPostingsKept) continue;
    // The oldest user of a common word leaves its list; out of every list, it is forgotten.
    Remembered* dropped = users.front();
    users.erase(users.begin());
    if (--dropped->postings == 0) questions_.erase(dropped->id);
  }
}

}  // namespace votercast::core
