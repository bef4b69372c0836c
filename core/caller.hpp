#pragma once
// A caller on the phone lines, from the screener's first word with them to the end
// of their time on air (the transition table is the only authority on the order).
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace votercast::core {

enum class CallerState { waiting, screened, next, on_air, done, dropped };

std::string_view to_string(CallerState state);
std::optional<CallerState> parse_caller_state(std::string_view name);

// waiting -> screened -> next -> on_air -> done; a screened or next caller can be sent
// back one step; anyone not yet done can be dropped; a dropped caller can be called back.
bool can_transition(CallerState from, CallerState to);
std::vector<CallerState> next_states(CallerState from);
// Putting someone on air, and ending their time there, are the studio's decisions,
// not the screener's.
bool touches_air(CallerState from, CallerState to);

// The caller's video call, beside their place on the lines: a link was made for them
// (invited), their phone is connected and waits for the studio (waiting), their picture
// and voice reach the studio (connected) or have stopped arriving while the call lasts
// (lost), or the phone was connected and has gone (left). Changing it is no edit of the
// caller: it keeps their version.
enum class CallerVideo { none, invited, waiting, connected, lost, left };

std::string_view to_string(CallerVideo video);
CallerVideo parse_caller_video(std::string_view name);  // unknown: none

struct Caller {
  std::int64_t id = 0;
  std::optional<std::int64_t> show_id;  // none while no show is open: joins the next one
  std::string name;
  std::string area;
  std::string phone;  // E.164 or empty
  std::string point;  // what they want to say, in the screener's words
  std::string topic;
  std::string notes;  // for the studio only
  std::vector<std::string> alerts;  // short warnings: "gọi lần 3", "nói nhanh", ...
  CallerState state = CallerState::waiting;
  std::optional<std::int64_t> question_id;  // the question this caller speaks to
  std::int64_t previous_calls = 0;  // earlier calls from the same number, counted when logged
  CallerVideo video = CallerVideo::none;
  std::int64_t version = 1;
  std::optional<std::int64_t> on_air_at_ms;
  std::optional<std::int64_t> ended_at_ms;
  std::int64_t created_at_ms = 0;
  std::int64_t updated_at_ms = 0;
  std::string updated_by;
};

// What a screener types about a caller; each field present replaces the stored one.
struct CallerFields {
  std::optional<std::string> name;
  std::optional<std::string> area;
  std::optional<std::string> phone;
  std::optional<std::string> point;
  std::optional<std::string> topic;
  std::optional<std::string> notes;
  std::optional<std::vector<std::string>> alerts;
};

// Validates and normalizes (UTF-8, NFC, lengths, E.164) into c; throws DomainError
// (invalid_input) naming the field. A caller always has a name.
void apply_caller_fields(Caller& c, const CallerFields& fields);

}  // namespace votercast::core
