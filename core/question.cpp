#include "core/question.hpp"

#include <array>
#include <utility>

namespace votercast::core {
namespace {

using S = QuestionState;

constexpr std::array<std::pair<S, std::string_view>, 9> kStateNames{{
    {S::pending, "pending"}, {S::approved, "approved"}, {S::rejected, "rejected"},
    {S::merged, "merged"},   {S::queued, "queued"},     {S::on_air, "on_air"},
    {S::aired, "aired"},     {S::forwarded, "forwarded"}, {S::answered, "answered"},
}};

constexpr std::array<std::pair<S, S>, 11> kTransitions{{
    {S::pending, S::approved}, {S::pending, S::rejected}, {S::pending, S::merged},
    {S::approved, S::queued},  {S::queued, S::on_air},    {S::on_air, S::aired},
    {S::approved, S::forwarded}, {S::aired, S::forwarded}, {S::forwarded, S::answered},
    // Answered in the studio, by the guest from the council or the agency.
    {S::on_air, S::answered}, {S::aired, S::answered},
}};

constexpr std::array<std::pair<Channel, std::string_view>, 4> kChannelNames{{
    {Channel::web, "web"}, {Channel::sms, "sms"}, {Channel::callin, "callin"}, {Channel::staff, "staff"},
}};

}  // namespace

std::string_view to_string(QuestionState state) {
  for (const auto& [s, name] : kStateNames)
    if (s == state) return name;
  return "unknown";
}

std::optional<QuestionState> parse_question_state(std::string_view name) {
  for (const auto& [s, n] : kStateNames)
    if (n == name) return s;
  return std::nullopt;
}

std::string_view to_string(Channel channel) {
  for (const auto& [c, name] : kChannelNames)
    if (c == channel) return name;
  return "unknown";
}

std::optional<Channel> parse_channel(std::string_view name) {
  for (const auto& [c, n] : kChannelNames)
    if (n == name) return c;
  return std::nullopt;
}

bool can_transition(QuestionState from, QuestionState to) {
  for (const auto& [f, t] : kTransitions)
    if (f == from && t == to) return true;
  return false;
}

std::vector<QuestionState> next_states(QuestionState from) {
  std::vector<QuestionState> out;
  for (const auto& [f, t] : kTransitions)
    if (f == from) out.push_back(t);
  return out;
}

}  // namespace votercast::core
