#pragma once
// One viewer's vote and what it did to the counts. A voter is a key: "web:<device id>"
// (the signed device cookie) or "sms:<E.164>". Each key holds at most one vote per poll,
// so counts taken from the stored votes can never count a voter twice.
#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>

namespace votercast::core {

struct Vote {
  std::int64_t poll_id = 0;
  std::string voter;    // "web:…" or "sms:+84…"
  std::string typed;    // what the voter chose, as written ("a", "B.", "hai long")
  std::string channel;  // "web" or "sms"
};

struct VoteResult {
  std::int64_t poll_id = 0;
  std::string code;                    // the option that counts for this voter now
  bool counted = false;                // the counts changed
  std::optional<std::string> replaced; // with the last-vote rule: the option this vote took over from
  bool kept_earlier = false;           // with the first-vote rule: an earlier vote stands
};

// The live counts by poll and option, kept from committed votes only: loaded from the
// store at start, then moved by each VoteResult once its transaction has committed.
class PollTally {
 public:
  void load(std::int64_t poll_id, std::unordered_map<std::string, std::int64_t> counts);
  void apply(const VoteResult& result);
  const std::unordered_map<std::string, std::int64_t>& counts(std::int64_t poll_id) const;
  // Grows with every change, so a broadcaster can tell whether anything moved.
  std::uint64_t changes() const { return changes_; }

 private:
  std::unordered_map<std::int64_t, std::unordered_map<std::string, std::int64_t>> counts_;
  std::uint64_t changes_ = 0;
};

}  // namespace votercast::core
