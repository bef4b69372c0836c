#include "core/poll.hpp"

#include <set>

#include "core/errors.hpp"
#include "core/text.hpp"

namespace votercast::core {
namespace {

[[noreturn]] void invalid(const std::string& code, const std::string& message) {
  throw DomainError(ErrorKind::invalid_input, code, message);
}

std::string clean(const std::string& raw, std::size_t max_chars, const std::string& field) {
  if (!text::is_valid_utf8(raw)) invalid("invalid_utf8", "field '" + field + "' is not valid UTF-8");
  auto out = text::normalize(raw);
  if (out.empty()) invalid(field + "_required", "field '" + field + "' must not be empty");
  if (text::length_chars(out) > max_chars)
    invalid(field + "_too_long", "field '" + field + "' is longer than " + std::to_string(max_chars) + " characters");
  return out;
}

std::string upper_code(const std::string& raw) {
  std::string out;
  for (char c : raw) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')))
      invalid("bad_option_code", "Mã lựa chọn chỉ gồm chữ cái không dấu hoặc số / an option code is 1-3 letters or digits: '" +
                                     raw + "'");
    out += c;
  }
  if (out.empty() || out.size() > 3)
    invalid("bad_option_code", "an option code is 1-3 letters or digits: '" + raw + "'");
  return out;
}

}  // namespace

std::string_view to_string(PollState state) {
  switch (state) {
    case PollState::draft: return "draft";
    case PollState::open: return "open";
    case PollState::closed: return "closed";
  }
  return "draft";
}

std::optional<PollState> parse_poll_state(std::string_view name) {
  if (name == "draft") return PollState::draft;
  if (name == "open") return PollState::open;
  if (name == "closed") return PollState::closed;
  return std::nullopt;
}

std::string_view to_string(RevoteRule rule) { return rule == RevoteRule::first ? "first" : "last"; }

std::optional<RevoteRule> parse_revote_rule(std::string_view name) {
  if (name == "first") return RevoteRule::first;
  if (name == "last") return RevoteRule::last;
  return std::nullopt;
}

void set_poll_content(Poll& poll, const std::string& title, const std::vector<PollChoice>& options) {
  poll.title = clean(title, 200, "title");
  if (options.size() < kMinPollOptions || options.size() > kMaxPollOptions)
    invalid("bad_option_count", "Cần từ 2 đến 6 lựa chọn / a poll has 2 to 6 options");
  std::vector<PollChoice> out;
  std::set<std::string> codes;
  for (const auto& o : options) {
    PollChoice c{upper_code(o.code), clean(o.label, 80, "label")};
    if (!codes.insert(c.code).second) invalid("duplicate_option_code", "two options have the code '" + c.code + "'");
    out.push_back(std::move(c));
  }
  poll.options = std::move(out);
}

std::optional<std::string> option_code_for(const Poll& poll, std::string_view typed) {
  if (!text::is_valid_utf8(typed)) return std::nullopt;
  const auto folded = text::fold_key(typed);  // "b)" -> "b", "Hài lòng" -> "hai long"
  if (folded.empty()) return std::nullopt;
  for (const auto& o : poll.options)
    if (text::fold_key(o.code) == folded) return o.code;
  for (const auto& o : poll.options)
    if (text::fold_key(o.label) == folded) return o.code;
  return std::nullopt;
}

}  // namespace votercast::core
