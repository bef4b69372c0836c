#pragma once
// Which question of the current show a new one asks the same thing as, loosely enough that
// "Đường ĐT743 đoạn qua Hòa Phú nhiều ổ gà, khi nào sửa?" and the SMS "DT duong DT743 doan
// Hoa Phu nhieu o ga qua, bao gio sua chua?" land in one cluster ("Cụm câu hỏi"), so that a
// moderator reads the largest groups first. Kept in the writer's memory and fed one question
// at a time (nothing is recomputed per question); the cluster each question joined is stored
// with it, so the clusters survive a restart and this index is rebuilt from the store.
//
// Two questions are alike when their near-duplicate keys (content words, folded, digits split
// from letters: core::text::near_duplicate_key) share at least kMinCommon words, covering at
// least kMinOverlap of the shorter one and kMinJaccard of both together. The figures come
// from the realistic questions in shared/data and their SMS-style variants
// (tests/unit/test_cluster_index.cpp measures precision and recall).
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace votercast::core {

struct ClusterRule {
  static constexpr std::size_t kMinCommon = 3;
  static constexpr double kMinOverlap = 0.6;
  static constexpr double kMinJaccard = 0.3;
  // How alike two keys of these sizes sharing `common` words are; 0 when not alike enough.
  static double score(std::size_t common, std::size_t size_a, std::size_t size_b);
};

class ClusterIndex {
 public:
  struct Match {
    std::int64_t question_id = 0;  // the most alike question remembered
    std::int64_t cluster_id = 0;   // the cluster it joined
  };

  // Whether the index holds the questions of this show (nullopt: those waiting for a show).
  bool holds(std::optional<std::int64_t> show_id) const { return loaded_ && show_id_ == show_id; }
  void reset(std::optional<std::int64_t> show_id);
  void forget_all();

  // The most alike question remembered, if alike enough. It may be stale (a rolled-back
  // insert): the caller reads its cluster from the store.
  std::optional<Match> most_alike(std::string_view near_key) const;
  // A stored question and its cluster. A cluster keeps its first kMembersKept members as
  // examples: enough to catch every way its question is asked, and memory stays bounded.
  void remember(std::int64_t id, std::int64_t cluster_id, std::string_view near_key);

 private:
  static constexpr std::size_t kMembersKept = 8;
  // Each word keeps the questions that use it most recently: a common word ("duong") cannot
  // make a new question compare itself with thousands.
  static constexpr std::size_t kPostingsKept = 32;

  // The key's words as numbers, sorted: known ones only (a word no remembered question has
  // cannot be shared; `unknown` counts them), or every one, learning the new.
  std::vector<std::uint32_t> known_words(std::string_view near_key, std::size_t& unknown) const;
  std::vector<std::uint32_t> learned_words(std::string_view near_key);

  bool loaded_ = false;
  std::optional<std::int64_t> show_id_;
  // Looked up by string_view: no allocation per word of a new question.
  struct WordHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view w) const { return std::hash<std::string_view>{}(w); }
  };
  std::unordered_map<std::string, std::uint32_t, WordHash, std::equal_to<>> vocabulary_;
  struct Remembered;
  // word -> the remembered questions that use it, oldest first. A question is in the lists of
  // all its words until it leaves the last one, and is forgotten then: these never dangle.
  std::vector<std::vector<Remembered*>> postings_;
  std::vector<std::uint32_t> users_;                 // word -> how many questions ever used it
  // A new question looks only at the users of its rarest words: a question it is alike to
  // shares most of its words, the rare ones (a place, a road number) among them.
  static constexpr std::size_t kProbeWords = 6;

  struct Remembered {
    std::int64_t id;
    std::int64_t cluster_id;
    std::vector<std::uint32_t> words;  // sorted
    std::size_t postings;              // in how many postings it still is: forgotten at 0
  };
  std::unordered_map<std::int64_t, Remembered> questions_;  // nodes stay put: postings_ point at them
  std::unordered_map<std::int64_t, std::size_t> members_kept_;  // cluster -> how many remembered
  mutable std::vector<std::uint8_t> in_query_;   // word -> 1 while most_alike looks at a key that has it
};

}  // namespace votercast::core
