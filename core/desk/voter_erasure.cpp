#include "core/desk/voter_erasure.hpp"

#include <nlohmann/json.hpp>

#include "core/sms/phone_mask.hpp"

namespace votercast::core {

ErasureResult erase_voter(store::WriteContext& ctx, const ErasureRequest& request, const std::string& actor) {
  auto& db = ctx.db();
  ErasureResult out;
  if (request.question_id) {
    const auto phone = store::phone_of_question(db, *request.question_id);
    if (!phone) return out;
    out.found = true;
    out.phone = *phone;
    if (phone->empty()) out.counts += store::erase_question_sender(db, *request.question_id, ctx.now_ms());
  } else if (request.phone) {
    out.phone = *request.phone;
  }
  if (!out.phone.empty()) {
    for (const auto id : store::questions_from_phone(db, out.phone))
      out.counts += store::erase_question_sender(db, id, ctx.now_ms());
    out.counts += store::erase_callers_by_phone(db, out.phone, ctx.now_ms());
    out.counts += store::forget_sms_votes(db, out.phone);
    out.found = out.found || out.counts.any();
  }
  if (!out.counts.any()) return out;
  const auto& c = out.counts;
  nlohmann::json payload{{"questions", c.questions},   {"callers", c.callers},
                         {"poll_votes", c.poll_votes}, {"outbox_cancelled", c.outbox_cancelled},
                         {"outbox_numbers", c.outbox_numbers}, {"events", c.events}};
  if (!out.phone.empty()) payload["phone"] = sms::mask_phone(out.phone);
  if (request.question_id) payload["question_id"] = *request.question_id;
  ctx.emit("privacy.erased", actor, std::nullopt, payload.dump());
  return out;
}

}  // namespace votercast::core
