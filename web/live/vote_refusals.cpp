#include "web/live/vote_refusals.hpp"

#include "core/format/json_text.hpp"

namespace votercast::web {

std::string_view to_string(VoteRefusal reason) {
  switch (reason) {
    case VoteRefusal::no_device: return "no_device";
    case VoteRefusal::cross_origin: return "cross_origin";
    case VoteRefusal::too_many_votes: return "too_many_votes";
    case VoteRefusal::already_voted: return "already_voted";
    case VoteRefusal::poll_not_open: return "poll_not_open";
    case VoteRefusal::unknown_option: return "unknown_option";
  }
  return "unknown";
}

std::optional<VoteRefusal> vote_refusal_for(std::string_view error_code) {
  if (error_code == "poll_not_open") return VoteRefusal::poll_not_open;
  if (error_code == "unknown_option") return VoteRefusal::unknown_option;
  return std::nullopt;
}

std::string VoteRefusalCounts::json_text() const {
  core::JsonObjectText out;
  for (const auto reason : kVoteRefusals) out.num(to_string(reason), by_reason[static_cast<std::size_t>(reason)]);
  return out.finish();
}

}  // namespace votercast::web
