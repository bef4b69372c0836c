#pragma once
// Why a web vote was refused, and how many times for one poll: what shows a producer an
// attack on a poll (thousands of votes without a device cookie, or sent by another
// site's page) while the counts themselves stay clean.
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace votercast::web {

enum class VoteRefusal {
  no_device,       // no device cookie, or a forged or expired one (403)
  cross_origin,    // sent by another site's page (403)
  too_many_votes,  // over the per-address limit (429)
  already_voted,   // the device's earlier vote stands (revote "first")
  poll_not_open,   // a draft or a closed poll (409)
  unknown_option,  // no such option (400)
};
inline constexpr std::array kVoteRefusals = {VoteRefusal::no_device,     VoteRefusal::cross_origin,
                                             VoteRefusal::too_many_votes, VoteRefusal::already_voted,
                                             VoteRefusal::poll_not_open,  VoteRefusal::unknown_option};

// The reason's name: the error code the voter gets, the JSON key, the metric's label.
std::string_view to_string(VoteRefusal reason);
// The refusal a vote desk's error code stands for (poll_not_open, unknown_option), if any.
std::optional<VoteRefusal> vote_refusal_for(std::string_view error_code);

// One poll's refusals by reason.
struct VoteRefusalCounts {
  std::array<std::int64_t, kVoteRefusals.size()> by_reason{};
  void add(VoteRefusal reason) { ++by_reason[static_cast<std::size_t>(reason)]; }
  // {"no_device": n, "cross_origin": n, ...}: every reason, zeros too.
  std::string json_text() const;
};

}  // namespace votercast::web
