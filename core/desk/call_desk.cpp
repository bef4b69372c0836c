#include "core/desk/call_desk.hpp"

#include <memory>
#include <tuple>

#include "core/format/caller_json.hpp"
#include "core/errors.hpp"
#include "core/format/json_text.hpp"
#include "core/store/caller_table.hpp"
#include "core/store/question_table.hpp"
#include "core/store/show_table.hpp"

namespace votercast::core {
namespace {

using store::WriteContext;

// Events keep the full number; the event hub masks it for consoles that may not see it.
std::string event_payload(const Caller& c, std::string_view change, std::optional<CallerState> from = std::nullopt) {
  JsonObjectText out;
  out.str("change", change);
  if (from) out.str("from", to_string(*from)).str("to", to_string(c.state));
  return out.raw("caller", caller_json_text(c, PhoneView::full)).finish();
}

Caller load_at_version(WriteContext& ctx, std::int64_t id, std::int64_t version) {
  auto c = store::load_caller(ctx.db(), id);
  if (!c) fail(ErrorKind::not_found, "caller_not_found", "Không tìm thấy người gọi / no such caller");
  if (c->version != version) {
    DomainError conflict(ErrorKind::conflict, "version_conflict",
                         "Người gọi đã được " + c->updated_by + " cập nhật, hãy tải lại / already changed by " +
                             c->updated_by + " since you loaded it",
                         c->version);
    conflict.current_state = to_string(c->state);
    conflict.changed_by = c->updated_by;
    throw conflict;
  }
  return *c;
}

void save(WriteContext& ctx, Caller& c, const std::string& actor, std::string_view change,
          std::optional<CallerState> from = std::nullopt) {
  const auto expected = c.version;
  c.updated_at_ms = ctx.now_ms();
  c.updated_by = actor;
  if (!store::update_caller(ctx.db(), c, expected))
    fail(ErrorKind::conflict, "version_conflict", "changed concurrently", store::load_caller(ctx.db(), c.id)->version);
  ctx.emit("caller.updated", actor, std::nullopt, event_payload(c, change, from));
}

void move(WriteContext& ctx, Caller& c, CallerState to, const std::string& actor) {
  const auto from = c.state;
  c.state = to;
  if (to == CallerState::on_air) c.on_air_at_ms = ctx.now_ms();
  if (to == CallerState::done || to == CallerState::dropped) c.ended_at_ms = ctx.now_ms();
  if (to == CallerState::waiting) c.ended_at_ms.reset();  // called back
  save(ctx, c, actor, "transition", from);
}

}  // namespace

void CallDesk::log_call(CallerFields fields, std::string actor, Reply<Caller> reply) {
  enqueue_job<Caller>(
      writer_,
      [fields = std::move(fields), actor = std::move(actor)](WriteContext& ctx) {
        Caller c;
        apply_caller_fields(c, fields);
        if (auto show = store::open_show(ctx.db())) c.show_id = show->id;
        if (!c.phone.empty()) c.previous_calls = store::count_calls_from(ctx.db(), c.phone);
        c.created_at_ms = c.updated_at_ms = ctx.now_ms();
        c.updated_by = actor;
        store::insert_caller(ctx.db(), c);
        ctx.emit("caller.created", actor, std::nullopt, event_payload(c, "created"));
        return c;
      },
      std::move(reply));
}

void CallDesk::edit(CallerEdit edit, Reply<Caller> reply) {
  enqueue_job<Caller>(
      writer_,
      [edit = std::move(edit)](WriteContext& ctx) {
        auto c = load_at_version(ctx, edit.id, edit.version);
        const bool was_on_air = c.state == CallerState::on_air;
        const auto shown = std::tie(c.name, c.area, c.topic);
        const auto shown_before = std::make_tuple(c.name, c.area, c.topic);
        apply_caller_fields(c, edit.fields);
        if (was_on_air && !edit.may_touch_air && shown != shown_before)
          fail(ErrorKind::forbidden, "caller_on_air",
               "Người gọi đang lên sóng: chỉ sản xuất hoặc phòng máy mới sửa tên, khu vực, chủ đề trên sóng / the "
               "caller is on air: only the producer or the operator changes what the lower third shows");
        if (edit.question_id) {
          if (*edit.question_id && !store::load_question(ctx.db(), **edit.question_id))
            fail(ErrorKind::not_found, "question_not_found", "Không tìm thấy câu hỏi để liên kết / no such question");
          c.question_id = *edit.question_id;
        }
        save(ctx, c, edit.actor, "edited");
        return c;
      },
      std::move(reply));
}

void CallDesk::transition(CallerTransition request, Reply<CallerMove> reply) {
  enqueue_job<CallerMove>(
      writer_,
      [request = std::move(request)](WriteContext& ctx) {
        auto c = load_at_version(ctx, request.id, request.version);
        if (!can_transition(c.state, request.to))
          fail(ErrorKind::invalid_transition, "invalid_transition",
               "Không thể chuyển người gọi từ " + std::string(to_string(c.state)) + " sang " +
                   std::string(to_string(request.to)) + " / cannot move a caller from " +
                   std::string(to_string(c.state)) + " to " + std::string(to_string(request.to)));
        if (!touches_air(c.state, request.to) && !request.may_screen)
          fail(ErrorKind::forbidden, "forbidden",
               "Việc sàng lọc người gọi thuộc về người trực điện thoại / screening callers is the screener's job");
        if (touches_air(c.state, request.to) && !request.may_touch_air)
          fail(ErrorKind::forbidden, "forbidden",
               "Chỉ sản xuất hoặc phòng máy mới đưa người gọi lên sóng hay kết thúc cuộc gọi trên sóng / only the "
               "producer or the operator puts a caller on air or ends a call on air");
        if (request.to == CallerState::on_air) {
          if (auto other = store::caller_on_air(ctx.db(), c.show_id))
            fail(ErrorKind::conflict, "another_caller_on_air",
                 "Người gọi " + other->name + " đang lên sóng, hãy kết thúc cuộc gọi đó trước / " + other->name +
                     " is on air: end that call first");
        }
        const auto from = c.state;
        move(ctx, c, request.to, request.actor);
        return CallerMove{std::move(c), from};
      },
      std::move(reply));
}

void close_lines(WriteContext& ctx, std::int64_t show_id, const std::string& actor) {
  for (auto& c : store::list_callers(ctx.db(), show_id, 100000)) {
    if (c.state == CallerState::on_air)
      move(ctx, c, CallerState::done, actor);
    else if (c.state == CallerState::waiting || c.state == CallerState::screened || c.state == CallerState::next)
      move(ctx, c, CallerState::dropped, actor);
  }
}

}  // namespace votercast::core
