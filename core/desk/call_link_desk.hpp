#pragma once
// Video call links on the group-commit writer: making one (which revokes the caller's
// earlier ones), revoking, a phone joining with one (the link's one use, which seats
// that phone), a short code exchanged for a fresh token, and the caller's video state.
// Every change of what the console shows appends a caller.updated event ("video").
// Neither a token nor a code ever reaches the event log.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/call_link.hpp"
#include "core/caller.hpp"
#include "core/sms/outbound_message.hpp"
#include "core/sms/sms_reply.hpp"
#include "core/desk/desk_job.hpp"
#include "core/store/database.hpp"

namespace votercast::core {

struct MadeCallLink {
  std::string token;  // the plaintext, handed out once and never stored
  std::string code;
  std::int64_t expires_at_ms = 0;
  Caller caller;
  std::optional<sms::OutboxMessage> sms;  // when it was asked to go by SMS: queued in the outbox
};

// The link sent to the caller's phone by SMS, written to the outbox with the link: one SMS
// (the first of `forms` that fits, sms_reply.hpp) with {code} filled in besides `values`.
struct CallLinkSms {
  std::string gateway;  // the one that sends it (sms_sender.hpp)
  std::vector<std::string> forms;
  sms::ReplyValues values;
  bool strip_diacritics = true;
};

struct JoinedCall {
  CallLink link;
  Caller caller;
  std::string new_seat;  // the seat cookie to set, when this join took the link ("" on a return)
};

class CallLinkDesk {
 public:
  explicit CallLinkDesk(store::GroupCommitWriter& writer) : writer_(writer) {}

  // not_found: no such caller; conflict (caller_ended): their call is over; with `sms`,
  // conflict (caller_has_no_phone) when the caller left no number, and nothing is made.
  void make(std::int64_t caller_id, std::int64_t lifetime_ms, std::string actor, std::optional<CallLinkSms> sms,
            Reply<MadeCallLink> reply);
  // How many links were revoked (0: none was open). not_found: no such caller.
  void revoke(std::int64_t caller_id, std::string actor, Reply<int> reply);
  // The phone holding `token` joins. An open link is taken and seated with a new seat; a
  // used one lets in only the phone whose seat cookie hashes to its seat. not_found: no
  // such link; gone: expired, revoked, used by another phone, or the call is over.
  void join(std::string token, std::optional<std::string> seat, Reply<JoinedCall> reply);
  // The short code's link gets a fresh token (the plaintext is returned): the page then
  // lives at /call/{token} like any link. not_found (call_code_unknown): no open link has it.
  void redeem_code(std::string code, Reply<std::string> reply);
  void set_video(std::int64_t caller_id, CallerVideo video, Reply<Caller> reply);
  // The caller's media ended while no phone of theirs is connected: a connected or lost
  // video becomes left; any other (a new link's invited) stays. Decided in the writer,
  // after every change queued before it.
  void media_ended(std::int64_t caller_id, Reply<Caller> reply);

 private:
  store::GroupCommitWriter& writer_;
};

// Whether the link still admits the phone with this seat cookie, and its caller's call
// is not over: what a socket's handshake checks, on a read connection.
struct CallSeatCheck {
  std::optional<CallLink> link;
  std::optional<Caller> caller;
  std::string problem_code;  // "" when admitted
  std::string problem_message;
};
CallSeatCheck check_call_seat(store::Database& db, std::string_view token, std::optional<std::string_view> seat,
                              std::int64_t now_ms);

}  // namespace votercast::core
