#include "core/desk/call_link_desk.hpp"

#include "core/format/caller_json.hpp"
#include "core/format/json_text.hpp"
#include "core/store/call_link_table.hpp"
#include "core/store/caller_table.hpp"
#include "core/store/sms_outbox_table.hpp"

namespace votercast::core {
namespace {

using store::WriteContext;

// A code is regenerated while it would be ambiguous among the open links.
constexpr int kCodeAttempts = 20;

bool call_over(const Caller& c) { return c.state == CallerState::done || c.state == CallerState::dropped; }

Caller load(store::Database& db, std::int64_t caller_id) {
  auto c = store::load_caller(db, caller_id);
  if (!c) fail(ErrorKind::not_found, "caller_not_found", "Không tìm thấy người gọi / no such caller");
  return *c;
}

void change_video(WriteContext& ctx, Caller& c, CallerVideo video, const std::string& actor) {
  if (c.video == video) return;
  c.video = video;
  store::set_caller_video(ctx.db(), c.id, video);
  // The full number, as every caller event: the event hub masks it per console.
  ctx.emit("caller.updated", actor, std::nullopt,
           JsonObjectText().str("change", "video").raw("caller", caller_json_text(c, PhoneView::full)).finish());
}

[[noreturn]] void fail_status(CallLinkStatus status) {
  const char* code = status == CallLinkStatus::used      ? "call_link_used"
                     : status == CallLinkStatus::revoked ? "call_link_revoked"
                                                         : "call_link_expired";
  fail(ErrorKind::gone, code, std::string(call_link_problem_message(status)));
}

[[noreturn]] void fail_call_over() {
  fail(ErrorKind::gone, "call_ended",
       "Cuộc gọi này đã kết thúc. Cảm ơn bạn đã tham gia chương trình. / This call is over.");
}

// The link's SMS, in the outbox in the same transaction as the link: by its short code, so
// the token is never stored.
sms::OutboxMessage enqueue_link_sms(WriteContext& ctx, const CallLinkSms& request, const CallLink& link,
                                    const std::string& phone) {
  auto values = request.values;
  values["code"] = link.code;
  const std::vector<std::string_view> forms(request.forms.begin(), request.forms.end());
  sms::OutboxMessage m;
  m.call_link_id = link.id;
  m.purpose = sms::outbox_purpose::call_link;
  m.gateway = request.gateway;
  m.to = phone;
  m.text = sms::compose_sms_reply(forms, values, {request.strip_diacritics}).text;
  m.created_at_ms = ctx.now_ms();
  m.next_attempt_at_ms = ctx.now_ms();
  store::enqueue_outbox(ctx.db(), m);
  return m;
}

}  // namespace

void CallLinkDesk::make(std::int64_t caller_id, std::int64_t lifetime_ms, std::string actor,
                        std::optional<CallLinkSms> sms, Reply<MadeCallLink> reply) {
  auto token = new_call_token();
  enqueue_job<MadeCallLink>(
      writer_,
      [caller_id, lifetime_ms, actor = std::move(actor), token = std::move(token),
       sms = std::move(sms)](WriteContext& ctx) {
        auto c = load(ctx.db(), caller_id);
        if (c.state == CallerState::done)
          fail(ErrorKind::conflict, "caller_ended",
               "Cuộc gọi của người này đã kết thúc / this caller's call is over");
        if (sms && c.phone.empty())
          fail(ErrorKind::conflict, "caller_has_no_phone",
               "Người gọi này chưa có số điện thoại để nhắn tin / this caller left no number to text");
        store::revoke_call_links(ctx.db(), caller_id);
        CallLink link;
        link.caller_id = caller_id;
        link.token_hash = hash_call_token(token);
        for (int i = 0; i < kCodeAttempts && link.code.empty(); ++i) {
          auto code = new_call_code();
          if (!store::find_open_call_link_by_code(ctx.db(), code, ctx.now_ms())) link.code = std::move(code);
        }
        if (link.code.empty()) fail(ErrorKind::conflict, "no_free_code", "no free short code: try again");
        link.created_at_ms = ctx.now_ms();
        link.created_by = actor;
        link.expires_at_ms = ctx.now_ms() + lifetime_ms;
        store::insert_call_link(ctx.db(), link);
        std::optional<sms::OutboxMessage> queued;
        if (sms) queued = enqueue_link_sms(ctx, *sms, link, c.phone);
        // Invited again, whatever before: a phone still on the old link is let go by the web side.
        change_video(ctx, c, CallerVideo::invited, actor);
        return MadeCallLink{token, link.code, link.expires_at_ms, std::move(c), std::move(queued)};
      },
      std::move(reply));
}

void CallLinkDesk::revoke(std::int64_t caller_id, std::string actor, Reply<int> reply) {
  enqueue_job<int>(
      writer_,
      [caller_id, actor = std::move(actor)](WriteContext& ctx) {
        auto c = load(ctx.db(), caller_id);
        const int revoked = store::revoke_call_links(ctx.db(), caller_id);
        // A connected phone is let go by the web side, and its leaving is recorded then.
        if (c.video == CallerVideo::invited) change_video(ctx, c, CallerVideo::none, actor);
        return revoked;
      },
      std::move(reply));
}

void CallLinkDesk::join(std::string token, std::optional<std::string> seat, Reply<JoinedCall> reply) {
  auto new_seat = new_call_token();
  enqueue_job<JoinedCall>(
      writer_,
      [token = std::move(token), seat = std::move(seat), new_seat = std::move(new_seat)](WriteContext& ctx) {
        auto link = store::find_call_link(ctx.db(), hash_call_token(token));
        if (!link)
          fail(ErrorKind::not_found, "call_link_unknown",
               "Không tìm thấy liên kết gọi video này. Xin kiểm tra lại địa chỉ. / No such call link.");
        auto c = load(ctx.db(), link->caller_id);
        const auto status = status_of(*link, ctx.now_ms());
        if (status == CallLinkStatus::used && seat && hash_call_token(*seat) == link->seat_hash) {
          if (call_over(c)) fail_call_over();
          return JoinedCall{std::move(*link), std::move(c), ""};
        }
        if (status != CallLinkStatus::open) fail_status(status);
        if (call_over(c)) fail_call_over();
        link->used_at_ms = ctx.now_ms();
        link->seat_hash = hash_call_token(new_seat);
        store::mark_call_link_used(ctx.db(), link->id, ctx.now_ms(), link->seat_hash);
        return JoinedCall{std::move(*link), std::move(c), new_seat};
      },
      std::move(reply));
}

void CallLinkDesk::redeem_code(std::string code, Reply<std::string> reply) {
  auto token = new_call_token();
  enqueue_job<std::string>(
      writer_,
      [code = std::move(code), token = std::move(token)](WriteContext& ctx) {
        auto link = looks_like_call_code(code) ? store::find_open_call_link_by_code(ctx.db(), code, ctx.now_ms())
                                               : std::nullopt;
        if (!link)
          fail(ErrorKind::not_found, "call_code_unknown",
               "Mã số không đúng hoặc đã hết hạn. Xin kiểm tra lại 6 chữ số. / This code is wrong or has expired.");
        // The token sent earlier stops working: the link has one way in at a time.
        store::set_call_link_token_hash(ctx.db(), link->id, hash_call_token(token));
        return token;
      },
      std::move(reply));
}

void CallLinkDesk::set_video(std::int64_t caller_id, CallerVideo video, Reply<Caller> reply) {
  enqueue_job<Caller>(
      writer_,
      [caller_id, video](WriteContext& ctx) {
        auto c = load(ctx.db(), caller_id);
        change_video(ctx, c, video, "caller");
        return c;
      },
      std::move(reply));
}

void CallLinkDesk::media_ended(std::int64_t caller_id, Reply<Caller> reply) {
  enqueue_job<Caller>(
      writer_,
      [caller_id](WriteContext& ctx) {
        auto c = load(ctx.db(), caller_id);
        if (c.video == CallerVideo::connected || c.video == CallerVideo::lost)
          change_video(ctx, c, CallerVideo::left, "caller");
        return c;
      },
      std::move(reply));
}

CallSeatCheck check_call_seat(store::Database& db, std::string_view token, std::optional<std::string_view> seat,
                              std::int64_t now_ms) {
  CallSeatCheck out;
  if (looks_like_call_token(token)) out.link = store::find_call_link(db, hash_call_token(token));
  if (!out.link) {
    out.problem_code = "call_link_unknown";
    out.problem_message = "Không tìm thấy liên kết gọi video này. / No such call link.";
    return out;
  }
  out.caller = store::load_caller(db, out.link->caller_id);
  const auto status = status_of(*out.link, now_ms);
  const bool seated = status == CallLinkStatus::used && seat && hash_call_token(*seat) == out.link->seat_hash;
  if (!seated) {
    out.problem_code = status == CallLinkStatus::open ? "call_not_joined" : "call_link_used";
    if (status == CallLinkStatus::revoked) out.problem_code = "call_link_revoked";
    out.problem_message = status == CallLinkStatus::open
                              ? "Hãy mở liên kết và bấm tham gia trước. / Join from the call page first."
                              : std::string(call_link_problem_message(status == CallLinkStatus::revoked
                                                                          ? CallLinkStatus::revoked
                                                                          : CallLinkStatus::used));
  } else if (!out.caller || call_over(*out.caller)) {
    out.problem_code = "call_ended";
    out.problem_message = "Cuộc gọi này đã kết thúc. / This call is over.";
  }
  return out;
}

}  // namespace votercast::core
