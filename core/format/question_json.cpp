#include "core/format/question_json.hpp"

#include <nlohmann/json.hpp>

#include "core/clock.hpp"
#include "core/follow_up.hpp"
#include "core/format/json_text.hpp"
#include "core/vietnam_time.hpp"

namespace votercast::core {
namespace {

// Optional members are null, not "" or 0, so that a page can test them plainly.
std::string time_or_null(std::optional<std::int64_t> ms) { return ms ? '"' + iso8601_utc(*ms) + '"' : "null"; }

std::string text_or_null(std::string_view text) {
  if (text.empty()) return "null";
  std::string out;
  append_json_string(out, text);
  return out;
}

}  // namespace

bool shows_agency(QuestionState state) { return state == QuestionState::forwarded || state == QuestionState::answered; }

PublicStatus public_status(QuestionState state) {
  switch (state) {
    case QuestionState::pending: return {"received", "Đã tiếp nhận, đang chờ duyệt", "Received, awaiting review"};
    case QuestionState::approved:
    case QuestionState::queued: return {"accepted", "Đã được chọn cho chương trình", "Selected for the programme"};
    case QuestionState::merged: return {"accepted", "Đã gộp với câu hỏi cùng nội dung", "Merged with a question on the same matter"};
    case QuestionState::on_air: return {"on_air", "Đang được trả lời trên sóng", "On air now"};
    case QuestionState::aired: return {"aired", "Đã được trả lời trên sóng", "Answered on air"};
    case QuestionState::rejected: return {"not_selected", "Không được chọn phát sóng", "Not selected for broadcast"};
    case QuestionState::forwarded: return {"forwarded", "Đã chuyển cơ quan chức năng trả lời", "Forwarded to the responsible agency"};
    case QuestionState::answered: return {"answered", "Đã có trả lời", "Answered"};
  }
  return {"received", "Đã tiếp nhận", "Received"};
}

std::string staff_json_text(const Question& q) {
  const auto flags = JsonObjectText()
                         .boolean("profanity", q.flags.profanity)
                         .boolean("spam", q.flags.spam)
                         .boolean("too_long", q.flags.too_long)
                         .finish();
  return JsonObjectText()
      .num("id", q.id)
      .str("ticket", q.ticket)
      .str("channel", to_string(q.channel))
      .num("show_id", q.show_id)
      .str("name", q.sender_name)
      .str("phone", q.phone)
      .str("area", q.area)
      .str("topic", q.topic)
      .str("agency", q.agency)
      .str("text", q.original_text)
      .str("on_air_text", q.on_air_text)
      .str("state", to_string(q.state))
      .num("version", q.version)
      .num("duplicate_of", q.duplicate_of)
      .num("duplicate_count", q.duplicate_count)
      .num("similar_to", q.similar_to)
      .num("cluster_id", q.cluster_id)
      .raw("flags", flags)
      .num("rundown_position", q.rundown_position)
      .str("created_at", iso8601_utc(q.created_at_ms))
      .str("updated_at", iso8601_utc(q.updated_at_ms))
      .str("updated_by", q.updated_by)
      .boolean("publish_name", q.publish_name)
      .raw("due_at", time_or_null(q.due_at_ms))
      .raw("answer", text_or_null(q.answer_text))
      .raw("answered_at", time_or_null(q.answered_at_ms))
      .raw("answered_by", text_or_null(q.answered_by))
      .raw("answered_agency", text_or_null(q.answered_agency))
      .raw("answered_on_air_at", time_or_null(q.answered_on_air_at_ms))
      .finish();
}

std::string public_ticket_json_text(const Question& q) {
  const auto status = public_status(q.state);
  const bool forwarded = q.state == QuestionState::forwarded;
  const bool answered = q.state == QuestionState::answered;
  return JsonObjectText()
      .str("ticket", q.ticket)
      .str("status", status.code)
      .str("status_label", status.label_vi)
      .str("status_label_en", status.label_en)
      .str("topic", q.topic)
      .str("agency", shows_agency(q.state) ? q.agency : "")
      .str("text", q.original_text)
      .str("created_at", iso8601_utc(q.created_at_ms))
      .str("updated_at", iso8601_utc(q.updated_at_ms))
      .raw("due_date", forwarded && q.due_at_ms ? '"' + iso_date_text(vietnam_date_of(*q.due_at_ms)) + '"' : "null")
      .raw("answer", answered ? text_or_null(q.answer_text) : "null")
      .raw("answered_at", answered ? time_or_null(q.answered_at_ms) : "null")
      .raw("answered_agency", answered ? text_or_null(q.answered_agency) : "null")
      .raw("answered_on_air_at", answered ? time_or_null(q.answered_on_air_at_ms) : "null")
      .finish();
}

std::string archive_json_text(const Question& q) {
  return JsonObjectText()
      .num("id", q.id)
      .str("asker", public_asker(q))
      .str("area", q.area)
      .str("topic", q.topic)
      .str("question", q.on_air_text.empty() ? q.original_text : q.on_air_text)
      .raw("answer", text_or_null(q.answer_text))
      .raw("answered_at", time_or_null(q.answered_at_ms))
      .raw("agency", text_or_null(q.answered_agency))
      .raw("answered_on_air_at", time_or_null(q.answered_on_air_at_ms))
      .finish();
}

std::string show_json_text(const Show& show) {
  JsonObjectText out;
  out.num("id", show.id).str("title", show.title).str("opened_at", iso8601_utc(show.opened_at_ms)).str("opened_by", show.opened_by);
  if (show.closed_at_ms)
    out.str("closed_at", iso8601_utc(*show.closed_at_ms));
  else
    out.raw("closed_at", "null");
  return out.num("rundown_version", show.rundown_version).finish();
}

nlohmann::json staff_json(const Question& q) { return nlohmann::json::parse(staff_json_text(q)); }
nlohmann::json to_json(const Show& show) { return nlohmann::json::parse(show_json_text(show)); }

}  // namespace votercast::core
