#pragma once
// A viewers' poll: its question, 2-6 options each with a short SMS code, and its life
// (draft -> open -> closed). Votes and their counting rule are in poll_vote.hpp.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace votercast::core {

enum class PollState { draft, open, closed };
// When one voter votes again: keep the first vote, or count the last.
enum class RevoteRule { first, last };

std::string_view to_string(PollState state);
std::optional<PollState> parse_poll_state(std::string_view name);
std::string_view to_string(RevoteRule rule);
std::optional<RevoteRule> parse_revote_rule(std::string_view name);

struct PollChoice {
  std::string code;   // "A", "B", "1": what an SMS voter writes after the keyword
  std::string label;  // "Hài lòng"
  bool operator==(const PollChoice&) const = default;
};

struct Poll {
  std::int64_t id = 0;
  std::optional<std::int64_t> show_id;
  std::string title;
  std::vector<PollChoice> options;
  PollState state = PollState::draft;
  RevoteRule revote = RevoteRule::last;
  std::int64_t version = 1;
  std::int64_t created_at_ms = 0;
  std::optional<std::int64_t> opened_at_ms;
  std::optional<std::int64_t> closed_at_ms;
  std::int64_t updated_at_ms = 0;
  std::string updated_by;
};

inline constexpr std::size_t kMinPollOptions = 2;
inline constexpr std::size_t kMaxPollOptions = 6;

// Validates and normalizes a poll's title and options (NFC, lengths, 2-6 options, codes of
// 1-3 letters or digits, upper-cased, unique); throws DomainError (invalid_input).
void set_poll_content(Poll& poll, const std::string& title, const std::vector<PollChoice>& options);

// The option a voter means by `typed` ("a", " B.", "b)"; an SMS voter may also write the
// label, without diacritics: "hai long"), or nullopt.
std::optional<std::string> option_code_for(const Poll& poll, std::string_view typed);

}  // namespace votercast::core
