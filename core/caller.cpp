#include "core/caller.hpp"

#include <array>
#include <utility>

#include "core/errors.hpp"
#include "core/phone.hpp"
#include "core/text.hpp"

namespace votercast::core {
namespace {

constexpr std::array<std::pair<CallerState, std::string_view>, 6> kStateNames{{
    {CallerState::waiting, "waiting"},
    {CallerState::screened, "screened"},
    {CallerState::next, "next"},
    {CallerState::on_air, "on_air"},
    {CallerState::done, "done"},
    {CallerState::dropped, "dropped"},
}};

constexpr std::size_t kMaxAlerts = 8;

[[noreturn]] void invalid(const std::string& code, const std::string& message) {
  throw DomainError(ErrorKind::invalid_input, code, message);
}

std::string clean(const std::string& raw, std::size_t max_chars, const char* field, bool keep_newlines = false) {
  if (!text::is_valid_utf8(raw)) invalid("invalid_utf8", std::string("field '") + field + "' is not valid UTF-8");
  auto out = text::normalize(raw, keep_newlines);
  if (text::length_chars(out) > max_chars)
    invalid(std::string(field) + "_too_long",
            std::string("field '") + field + "' is longer than " + std::to_string(max_chars) + " characters");
  return out;
}

}  // namespace

std::string_view to_string(CallerState state) {
  for (const auto& [s, name] : kStateNames)
    if (s == state) return name;
  return "waiting";
}

std::optional<CallerState> parse_caller_state(std::string_view name) {
  for (const auto& [s, n] : kStateNames)
    if (n == name) return s;
  return std::nullopt;
}

bool can_transition(CallerState from, CallerState to) {
  using S = CallerState;
  switch (from) {
    case S::waiting: return to == S::screened || to == S::dropped;
    case S::screened: return to == S::next || to == S::waiting || to == S::dropped;
    case S::next: return to == S::on_air || to == S::screened || to == S::dropped;
    case S::on_air: return to == S::done || to == S::dropped;
    case S::dropped: return to == S::waiting;
    case S::done: return false;
  }
  return false;
}

std::vector<CallerState> next_states(CallerState from) {
  std::vector<CallerState> out;
  for (const auto& [s, name] : kStateNames)
    if (can_transition(from, s)) out.push_back(s);
  return out;
}

std::string_view to_string(CallerVideo video) {
  switch (video) {
    case CallerVideo::none: return "";
    case CallerVideo::invited: return "invited";
    case CallerVideo::waiting: return "waiting";
    case CallerVideo::connected: return "connected";
    case CallerVideo::lost: return "lost";
    case CallerVideo::left: return "left";
  }
  return "";
}

CallerVideo parse_caller_video(std::string_view name) {
  for (auto v : {CallerVideo::invited, CallerVideo::waiting, CallerVideo::connected, CallerVideo::lost, CallerVideo::left})
    if (to_string(v) == name) return v;
  return CallerVideo::none;
}

bool touches_air(CallerState from, CallerState to) { return from == CallerState::on_air || to == CallerState::on_air; }

void apply_caller_fields(Caller& c, const CallerFields& fields) {
  if (fields.name) c.name = clean(*fields.name, 100, "name");
  if (fields.area) c.area = clean(*fields.area, 100, "area");
  if (fields.topic) c.topic = clean(*fields.topic, 100, "topic");
  if (fields.point) c.point = clean(*fields.point, 1000, "point", true);
  if (fields.notes) c.notes = clean(*fields.notes, 2000, "notes", true);
  if (fields.phone) {
    const auto typed = clean(*fields.phone, 32, "phone");
    if (typed.empty()) {
      c.phone.clear();
    } else {
      auto parsed = parse_phone(typed);
      if (!parsed.e164) invalid("bad_phone", phone_problem_message(parsed.problem) + " ('" + typed + "')");
      c.phone = std::move(*parsed.e164);
    }
  }
  if (fields.alerts) {
    if (fields.alerts->size() > kMaxAlerts)
      invalid("too_many_alerts", "at most " + std::to_string(kMaxAlerts) + " alerts per caller");
    std::vector<std::string> alerts;
    for (const auto& a : *fields.alerts) {
      auto alert = clean(a, 80, "alerts");
      if (!alert.empty()) alerts.push_back(std::move(alert));
    }
    c.alerts = std::move(alerts);
  }
  if (c.name.empty()) invalid("name_required", "Cần tên người gọi / the caller needs a name");
}

}  // namespace votercast::core
