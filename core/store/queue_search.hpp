#pragma once
// How the moderation queue finds any question of a show by what a moderator types: every
// question's folded text sits in an FTS5 word index (migration 12). A word index, not the
// archive's trigrams: it costs intake about a quarter as much per question, and a
// moderator types the start of words. So that "743" still finds "ĐT743", the digits inside
// a word are indexed as a word too.
//
// The index is written behind the questions (migration 14), by the writer between batches:
// written inside each intake transaction it cost more than storing the question itself
// (35 µs a question in the batches of 30 a busy server commits; a thousand at a time cost
// a fraction of that). The questions after the last one indexed, a few hundred while
// questions pour in and none a moment after, are matched by reading them instead, with
// the same test (queue_words_match), so a search always finds every question.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/store/database.hpp"

namespace votercast::core::store {

// What is indexed for a question's fold key: the key, then the digit runs of its words
// that mix letters and digits ("dt743 qua" -> "dt743 qua 743").
std::string queue_search_text(std::string_view fold_key);

// The MATCH expression: every folded word required, each as the start of a word
// ("" for none). Words are quoted: what a moderator types is never query syntax.
std::string queue_match(const std::vector<std::string>& folded_words);

// The MATCH expression's test on one question, for those not yet in the index: every
// word of `folded_words` (space-separated) starts a word of queue_search_text(fold_key).
bool queue_words_match(std::string_view fold_key, std::string_view folded_words);

// The last question id the word index holds; every question up to it is in.
std::int64_t queue_search_upto(Database& db);

// Brings the word index up to the newest question, a batch at a time: the writer's
// background work (GroupCommitWriter::Background), kept on the writer thread.
class QueueSearchCatchUp {
 public:
  // Behind by this many, a batch is worth its transaction even while questions pour in;
  // fewer wait for a pause (and are read, not looked up, until then).
  static constexpr std::int64_t kWorthABatch = 1000;
  static constexpr int kBatch = 2000;
  bool operator()(Database& db, bool idle);
};

}  // namespace votercast::core::store
