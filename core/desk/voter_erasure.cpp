#include "core/desk/voter_erasure.hpp"

#include <nlohmann/json.hpp>

#include "core/format/caller_json.hpp"
#include "core/format/json_text.hpp"
#include "core/format/question_json.hpp"
#include "core/sms/phone_mask.hpp"
#include "core/store/caller_table.hpp"
#include "core/store/question_table.hpp"

namespace votercast::core {

ErasurePlan plan_erasure(store::Database& reader, const ErasureRequest& request) {
  ErasurePlan plan;
  plan.question_id = request.question_id;
  if (request.question_id) {
    const auto phone = store::phone_of_question(reader, *request.question_id);
    plan.question_found = phone.has_value();
    if (phone) plan.phone = *phone;
  } else if (request.phone) {
    plan.phone = *request.phone;
  }
  plan.rows = store::find_voter_rows(reader, plan.phone);
  return plan;
}

ErasureResult erase_voter(store::WriteContext& ctx, const ErasurePlan& plan, const std::string& actor) {
  auto& db = ctx.db();
  ErasureResult out;
  out.found = plan.question_found;
  out.phone = plan.phone;
  // A ticket whose question has no number: that question alone.
  if (plan.question_id && plan.question_found && plan.phone.empty())
    out.counts += store::erase_question_sender(db, *plan.question_id, ctx.now_ms());
  if (!out.phone.empty()) {
    out.counts += store::erase_questions_by_phone(db, out.phone, plan.rows, ctx.now_ms());
    out.counts += store::erase_callers_by_phone(db, out.phone, plan.rows, ctx.now_ms());
    out.counts += store::forget_sms_votes(db, out.phone);
    out.found = out.found || out.counts.any();
  }
  if (!out.counts.any()) return out;
  // Consoles that show these rows get them as they are now, like any other change.
  for (const auto id : out.counts.question_ids) {
    if (const auto q = store::load_question(db, id))
      ctx.emit("question.updated", actor, id,
               JsonObjectText().str("change", "erase").raw("question", staff_json_text(*q)).finish());
  }
  for (const auto id : out.counts.caller_ids) {
    if (const auto caller = store::load_caller(db, id))
      ctx.emit("caller.updated", actor, std::nullopt,
               JsonObjectText().str("change", "erase").raw("caller", caller_json_text(*caller, PhoneView::full)).finish());
  }
  const auto& c = out.counts;
  nlohmann::json payload{{"questions", c.questions},   {"callers", c.callers},
                         {"poll_votes", c.poll_votes}, {"outbox_cancelled", c.outbox_cancelled},
                         {"outbox_numbers", c.outbox_numbers}, {"events", c.events}};
  if (!out.phone.empty()) payload["phone"] = sms::mask_phone(out.phone);
  if (plan.question_id) payload["question_id"] = *plan.question_id;
  ctx.emit("privacy.erased", actor, std::nullopt, payload.dump());
  return out;
}

}  // namespace votercast::core
