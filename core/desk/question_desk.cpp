#include "core/desk/question_desk.hpp"

#include <algorithm>
#include <memory>
#include <set>

#include <nlohmann/json.hpp>

#include "core/desk/call_desk.hpp"
#include "core/clock.hpp"
#include "core/errors.hpp"
#include "core/follow_up.hpp"
#include "core/desk/poll_desk.hpp"
#include "core/format/json_text.hpp"
#include "core/format/question_json.hpp"
#include "core/store/archive_search.hpp"
#include "core/store/queue_search.hpp"
#include "core/store/caller_table.hpp"
#include "core/store/cluster_table.hpp"
#include "core/store/poll_table.hpp"
#include "core/store/question_table.hpp"
#include "core/store/show_table.hpp"
#include "core/store/sms_message_table.hpp"
#include "core/text.hpp"

namespace votercast::core {
namespace {

using store::WriteContext;

Question load_at_version(WriteContext& ctx, std::int64_t id, std::int64_t version) {
  auto q = store::load_question(ctx.db(), id);
  if (!q) fail(ErrorKind::not_found, "question_not_found", "Không tìm thấy câu hỏi / no such question");
  if (q->version != version) {
    DomainError conflict(ErrorKind::conflict, "version_conflict",
                         "Câu hỏi đã được " + q->updated_by + " xử lý, hãy tải lại / already handled by " +
                             q->updated_by + " since you loaded it",
                         q->version);
    conflict.current_state = to_string(q->state);
    conflict.changed_by = q->updated_by;
    throw conflict;
  }
  return *q;
}

Show require_open_show(WriteContext& ctx) {
  auto show = store::open_show(ctx.db());
  if (!show) fail(ErrorKind::invalid_transition, "no_open_show", "Chưa mở chương trình / no show is open");
  return *show;
}

// Writes q (whose version the caller has checked) and logs the change.
void save(WriteContext& ctx, Question& q, const std::string& actor, const std::string& change,
          nlohmann::json detail = nlohmann::json::object()) {
  const auto expected = q.version;
  q.updated_at_ms = ctx.now_ms();
  q.updated_by = actor;
  if (!store::update_question(ctx.db(), q, expected))
    fail(ErrorKind::conflict, "version_conflict", "changed concurrently", store::load_question(ctx.db(), q.id)->version);
  // The archive searches answered questions, edited after the answer or not.
  if (q.state == QuestionState::answered) store::index_for_archive(ctx.db(), q.id, archive_search_key(q));
  detail["change"] = change;
  ctx.emit("question.updated", actor, q.id,
           JsonObjectText().merge(detail.dump()).raw("question", staff_json_text(q)).finish());
}

std::string clean_edit(const std::string& raw, std::size_t max_chars, const char* field) {
  if (!text::is_valid_utf8(raw))
    fail(ErrorKind::invalid_input, "invalid_utf8", std::string("field '") + field + "' is not valid UTF-8");
  auto out = text::normalize(raw);
  if (text::length_chars(out) > max_chars)
    fail(ErrorKind::invalid_input, std::string(field) + "_too_long",
         std::string("field '") + field + "' is longer than " + std::to_string(max_chars) + " characters");
  return out;
}

void take_off_air_current(WriteContext& ctx, std::int64_t show_id, const std::string& actor) {
  store::QuestionFilter filter;
  filter.state = QuestionState::on_air;
  filter.show_id = show_id;
  for (auto& other : store::list_questions(ctx.db(), filter)) {
    other.state = QuestionState::aired;
    save(ctx, other, actor, "transition", {{"from", "on_air"}, {"to", "aired"}, {"reason", "replaced on air"}});
  }
}

// The live question that others are merged into.
Question merge_target(WriteContext& ctx, std::int64_t into) {
  auto target = store::load_question(ctx.db(), into);
  if (!target) fail(ErrorKind::not_found, "merge_target_not_found", "the question to merge into does not exist");
  if (target->state == QuestionState::merged || target->state == QuestionState::rejected)
    fail(ErrorKind::invalid_transition, "merge_target_not_live", "cannot merge into a rejected or merged question");
  return *target;
}

// q merged into `into`, which its caller counts q's voters into.
Question mark_merged(WriteContext& ctx, Question q, std::int64_t into, const std::string& actor) {
  if (into == q.id) fail(ErrorKind::invalid_input, "merge_into_self", "cannot merge a question into itself");
  if (!can_transition(q.state, QuestionState::merged))
    fail(ErrorKind::invalid_transition, "invalid_transition",
         "cannot merge a question in state " + std::string(to_string(q.state)));
  const auto from = q.state;
  q.state = QuestionState::merged;
  q.duplicate_of = into;
  save(ctx, q, actor, "transition", {{"from", to_string(from)}, {"to", "merged"}, {"into", into}});
  return q;
}

Question do_merge(WriteContext& ctx, Question q, std::int64_t into, const std::string& actor) {
  if (into == q.id) fail(ErrorKind::invalid_input, "merge_into_self", "cannot merge a question into itself");
  auto target = merge_target(ctx, into);
  if (!can_transition(q.state, QuestionState::merged))
    fail(ErrorKind::invalid_transition, "invalid_transition",
         "cannot merge a question in state " + std::string(to_string(q.state)));
  target.duplicate_count += 1 + q.duplicate_count;
  save(ctx, target, actor, "duplicate_added", {{"duplicate", q.id}});
  return mark_merged(ctx, std::move(q), into, actor);
}

// One transition of one question (its version checked), as the transition table allows.
Question do_transition(WriteContext& ctx, const TransitionRequest& r) {
  auto q = load_at_version(ctx, r.id, r.version);
  if (r.to == QuestionState::merged) {
    if (!r.into) fail(ErrorKind::invalid_input, "into_required", "merging needs \"into\": the question to merge into");
    return do_merge(ctx, std::move(q), *r.into, r.actor);
  }
  const auto from = q.state;
  if (!can_transition(from, r.to))
    fail(ErrorKind::invalid_transition, "invalid_transition",
         "Không thể chuyển từ '" + std::string(to_string(from)) + "' sang '" + std::string(to_string(r.to)) +
             "' / cannot go from " + std::string(to_string(from)) + " to " + std::string(to_string(r.to)));
  if (r.to == QuestionState::answered)
    fail(ErrorKind::invalid_input, "answer_text_required",
         "Trả lời cần nội dung hoặc thời điểm trả lời trên sóng / an answer is recorded with its text "
         "(answer) or as answered on air (answered-on-air), not as a bare transition");
  nlohmann::json detail = {{"from", to_string(from)}, {"to", to_string(r.to)}};
  if (r.reason) detail["reason"] = clean_edit(*r.reason, 500, "reason");
  switch (r.to) {
    case QuestionState::queued: {
      const auto show = require_open_show(ctx);
      q.show_id = show.id;
      q.rundown_position = store::next_rundown_position(ctx.db(), show.id);
      store::bump_rundown_version(ctx.db(), show.id, show.rundown_version);
      detail["rundown_version"] = show.rundown_version + 1;  // what PUT /api/rundown must name next
      break;
    }
    case QuestionState::on_air: {
      const auto show = require_open_show(ctx);
      if (q.show_id != show.id)
        fail(ErrorKind::invalid_transition, "not_in_this_show", "the question is not in the open show's rundown");
      take_off_air_current(ctx, show.id, r.actor);
      q.rundown_position.reset();
      store::bump_rundown_version(ctx.db(), show.id, show.rundown_version);
      detail["rundown_version"] = show.rundown_version + 1;
      break;
    }
    case QuestionState::forwarded:
      if (r.agency) q.agency = clean_edit(*r.agency, 200, "agency");
      if (q.agency.empty())
        fail(ErrorKind::invalid_input, "agency_required", "Cần chọn cơ quan trả lời / forwarding needs an agency");
      detail["agency"] = q.agency;
      if (r.due_at_ms) {
        q.due_at_ms = r.due_at_ms;
        detail["due_at"] = iso8601_utc(*r.due_at_ms);
      }
      break;
    default:
      break;
  }
  q.state = r.to;
  save(ctx, q, r.actor, "transition", std::move(detail));
  return q;
}

}  // namespace

QuestionDesk::QuestionDesk(store::GroupCommitWriter& writer, const TicketCipher& tickets)
    : writer_(writer), tickets_(tickets) {
  writer_.add_background(store::QueueSearchCatchUp{});
  // Ids of a lost batch are given again to the next questions: nothing remembered of
  // them may stand for those.
  writer_.add_on_batch_lost([this] {
    near_duplicates_.forget_all();
    clusters_.forget_all();
    repeats_.forget_all();
  });
}

std::optional<std::int64_t> QuestionDesk::newest_live_near_duplicate(WriteContext& ctx, const Question& q) {
  if (q.near_key.empty()) return std::nullopt;
  if (!near_duplicates_.holds(q.show_id)) {
    near_duplicates_.reset(q.show_id);
    for (const auto& [key, id] : store::live_near_keys(ctx.db(), q.show_id)) near_duplicates_.remember(key, id);
  }
  for (const auto id : near_duplicates_.newest_first(q.near_key))
    if (store::is_live_near_duplicate(ctx.db(), id, q.near_key, q.show_id)) return id;
  return std::nullopt;
}

std::int64_t QuestionDesk::cluster_for(WriteContext& ctx, const Question& q) {
  if (!clusters_.holds(q.show_id)) {
    // After a restart or when a show opens: rebuilt from the clusters stored with the questions.
    clusters_.reset(q.show_id);
    for (const auto& k : store::live_cluster_keys(ctx.db(), q.show_id)) clusters_.remember(k.id, k.cluster_id, k.near_key);
  }
  if (const auto match = clusters_.most_alike(q.near_key))
    if (const auto stored = store::stored_cluster_of(ctx.db(), match->question_id)) return *stored;
  return q.id;
}

Question QuestionDesk::insert_new(WriteContext& ctx, Question q, const std::string& actor, const std::string& sender) {
  if (auto show = store::open_show(ctx.db())) q.show_id = show->id;
  q.updated_by = actor;
  q.id = store::next_question_id(ctx.db());
  q.ticket = tickets_.code_for(q.id);
  // The sender asked this already: kept, but in its first question's place.
  std::optional<Question> first;
  if (!sender.empty())
    if (const auto id = repeats_.repeated(sender, q.fold_key, q.near_key, ctx.now_ms()))
      first = store::load_question(ctx.db(), *id);  // none if its batch was rolled back
  if (first) {
    q.state = QuestionState::merged;
    q.duplicate_of = first->id;
    q.flags.spam = true;
    q.cluster_id = first->cluster_id;
    store::insert_question(ctx.db(), q);
  } else {
    q.similar_to = newest_live_near_duplicate(ctx, q);
    q.cluster_id = cluster_for(ctx, q);
    store::insert_question(ctx.db(), q);
    near_duplicates_.remember(q.near_key, q.id);
    clusters_.remember(q.id, *q.cluster_id, q.near_key);
    if (!sender.empty()) repeats_.remember(sender, q.id, q.fold_key, q.near_key, ctx.now_ms());
  }
  // The log keeps the step, not a second copy of the row (about half of what storing a
  // question wrote); a console replaying the log is given the row (web/live/event_hub).
  ctx.emit("question.created", actor, q.id, JsonObjectText().raw("question", staff_json_text(q)).finish(), "{}");
  return q;
}

void QuestionDesk::submit(Question prepared, std::string actor, Reply<Question> reply, std::string sender) {
  enqueue_job<Question>(
      writer_,
      [this, q = std::move(prepared), actor = std::move(actor), sender = std::move(sender)](WriteContext& ctx) mutable {
        return insert_new(ctx, std::move(q), actor, sender);
      },
      std::move(reply));
}

void QuestionDesk::submit_sms(sms::SmsSubmission s, std::string actor, Reply<sms::SmsOutcome> reply) {
  enqueue_job<sms::SmsOutcome>(
      writer_,
      [this, s = std::move(s), actor = std::move(actor)](WriteContext& ctx) mutable {
        sms::SmsOutcome out;
        if (auto seen = store::load_processed_sms(ctx.db(), s.key)) {
          out.question_id = seen->question_id;
          out.reply = std::move(seen->reply_text);
          out.repeated = true;
          return out;
        }
        std::optional<std::string> refusal = s.refuse ? s.refuse() : std::nullopt;
        if (refusal) {
          out.reply = std::move(*refusal);
        } else if (s.question) {
          const std::string sender = s.question->phone.empty() ? std::string() : "phone:" + s.question->phone;
          const Question q = insert_new(ctx, std::move(*s.question), actor, sender);
          out.question_id = q.id;
          out.reply = s.acknowledge ? s.acknowledge(q) : std::string();
        } else if (s.act) {
          out.reply = s.act(ctx);
        } else {
          out.reply = std::move(s.reply);
        }
        store::insert_processed_sms(ctx.db(), {s.key, out.question_id, out.reply, ctx.now_ms()}, s.gateway);
        return out;
      },
      std::move(reply));
}

void QuestionDesk::transition(TransitionRequest r, Reply<Question> reply) {
  enqueue_job<Question>(
      writer_, [r = std::move(r)](WriteContext& ctx) { return do_transition(ctx, r); }, std::move(reply));
}

void QuestionDesk::bulk(BulkRequest r, Reply<BulkOutcome> reply) {
  enqueue_job<BulkOutcome>(
      writer_,
      [r = std::move(r)](WriteContext& ctx) {
        if (r.items.empty() || r.items.size() > kMaxBulkItems)
          fail(ErrorKind::invalid_input, "bad_items",
               "Chọn từ 1 đến " + std::to_string(kMaxBulkItems) + " câu hỏi / give 1 to " + std::to_string(kMaxBulkItems) + " items");
        if (r.action == BulkAction::merge && !r.into)
          fail(ErrorKind::invalid_input, "into_required", "merging needs \"into\": the question to merge into");
        BulkOutcome out;
        for (const auto& [id, version] : r.items) {
          if (r.action == BulkAction::merge && id == *r.into) continue;  // the target is not merged into itself
          // Each item on its own savepoint: a refused one leaves no trace, the others stand.
          ctx.db().prepare("SAVEPOINT bulk_item").run();
          try {
            TransitionRequest t{id, r.action == BulkAction::approve  ? QuestionState::approved
                                    : r.action == BulkAction::reject ? QuestionState::rejected
                                                                     : QuestionState::merged,
                                version, r.actor, r.into, std::nullopt, std::nullopt, r.reason};
            out.changed.push_back(do_transition(ctx, t));
            ctx.db().prepare("RELEASE bulk_item").run();
          } catch (const DomainError& e) {
            ctx.db().exec("ROLLBACK TO bulk_item");
            ctx.db().exec("RELEASE bulk_item");
            out.refused.push_back({id, e.code, e.what()});
          }
        }
        if (r.action == BulkAction::merge && !out.changed.empty())
          if (auto target = store::load_question(ctx.db(), *r.into)) out.changed.push_back(std::move(*target));
        return out;
      },
      std::move(reply));
}

void QuestionDesk::merge_cluster(ClusterRequest r, Reply<ClusterOutcome> reply) {
  enqueue_job<ClusterOutcome>(
      writer_,
      [r = std::move(r)](WriteContext& ctx) {
        const auto representative = r.into ? std::optional<Question>() : store::cluster_representative(ctx.db(), r.cluster_id);
        if (!r.into && !representative)
          fail(ErrorKind::not_found, "cluster_not_found", "Không tìm thấy cụm câu hỏi / no such cluster");
        auto target = merge_target(ctx, r.into ? *r.into : representative->id);
        // Each member's own step in its history; the target counts them all in one change,
        // not one per member (a cluster of 2,000 would write 2,000 versions of it).
        ClusterOutcome out;
        std::int64_t voters = 0;
        for (auto& member : store::pending_members(ctx.db(), r.cluster_id)) {
          if (member.id == target.id) continue;
          voters += 1 + member.duplicate_count;
          mark_merged(ctx, std::move(member), target.id, r.actor);
          ++out.changed;
        }
        if (out.changed == 0) fail(ErrorKind::invalid_transition, "nothing_pending", "Cụm không còn câu hỏi chờ duyệt / no pending question left in the cluster");
        target.duplicate_count += voters;
        save(ctx, target, r.actor, "cluster_merged", {{"cluster", r.cluster_id}, {"questions", out.changed}, {"voters", voters}});
        out.into = std::move(target);
        return out;
      },
      std::move(reply));
}

void QuestionDesk::reject_cluster(ClusterRequest r, Reply<ClusterOutcome> reply) {
  enqueue_job<ClusterOutcome>(
      writer_,
      [r = std::move(r)](WriteContext& ctx) {
        ClusterOutcome out;
        for (const auto& member : store::pending_members(ctx.db(), r.cluster_id)) {
          do_transition(ctx, {member.id, QuestionState::rejected, member.version, r.actor, std::nullopt, std::nullopt,
                              std::nullopt, r.reason});
          ++out.changed;
        }
        if (out.changed == 0) fail(ErrorKind::invalid_transition, "nothing_pending", "Cụm không còn câu hỏi chờ duyệt / no pending question left in the cluster");
        return out;
      },
      std::move(reply));
}

void QuestionDesk::edit(EditRequest r, Reply<Question> reply) {
  enqueue_job<Question>(
      writer_,
      [r = std::move(r)](WriteContext& ctx) {
        auto q = load_at_version(ctx, r.id, r.version);
        nlohmann::json fields = nlohmann::json::array();
        if (r.on_air_text) {
          q.on_air_text = clean_edit(*r.on_air_text, text::kMaxInputChars, "on_air_text");
          if (q.on_air_text.empty()) fail(ErrorKind::invalid_input, "on_air_text_required", "the on-air text is empty");
          q.flags.too_long = text::length_chars(q.on_air_text) > kOnAirSoftLimitChars;
          fields.push_back("on_air_text");
        }
        if (r.topic) q.topic = clean_edit(*r.topic, 100, "topic"), fields.push_back("topic");
        if (r.agency) q.agency = clean_edit(*r.agency, 200, "agency"), fields.push_back("agency");
        if (r.area) q.area = clean_edit(*r.area, 200, "area"), fields.push_back("area");
        if (r.name) q.sender_name = clean_edit(*r.name, 100, "name"), fields.push_back("name");
        if (fields.empty()) fail(ErrorKind::invalid_input, "nothing_to_change", "no editable field was given");
        save(ctx, q, r.actor, "edit", {{"fields", fields}});
        return q;
      },
      std::move(reply));
}

void QuestionDesk::merge(std::int64_t id, std::int64_t into, std::int64_t version, std::string actor,
                         Reply<Question> reply) {
  enqueue_job<Question>(
      writer_,
      [=, actor = std::move(actor)](WriteContext& ctx) {
        return do_merge(ctx, load_at_version(ctx, id, version), into, actor);
      },
      std::move(reply));
}

void QuestionDesk::answer(AnswerRequest r, Reply<Question> reply) {
  enqueue_job<Question>(
      writer_,
      [r = std::move(r)](WriteContext& ctx) {
        const auto text = clean_answer_text(r.text);
        // Another agency's question is refused before its version is looked at: the
        // answer says nothing about it.
        const auto stored = store::load_question(ctx.db(), r.id);
        if (!stored) fail(ErrorKind::not_found, "question_not_found", "Không tìm thấy câu hỏi / no such question");
        if (r.agency && stored->agency != *r.agency)
          fail(ErrorKind::forbidden, "other_agency",
               "Câu hỏi này được chuyển cho cơ quan khác / this question was forwarded to another agency");
        auto q = load_at_version(ctx, r.id, r.version);
        if (q.state != QuestionState::forwarded)
          fail(ErrorKind::invalid_transition, "not_forwarded",
               "Chỉ trả lời được câu hỏi đã chuyển cơ quan / only a forwarded question can be answered (it is " +
                   std::string(to_string(q.state)) + ")");
        q.state = QuestionState::answered;
        q.answer_text = text;
        q.answered_at_ms = ctx.now_ms();
        q.answered_by = r.actor;
        q.answered_agency = q.agency;
        q.answered_on_air_at_ms.reset();
        save(ctx, q, r.actor, "answered", {{"from", "forwarded"}, {"to", "answered"}, {"agency", q.agency}});
        return q;
      },
      std::move(reply));
}

void QuestionDesk::answer_on_air(OnAirAnswerRequest r, Reply<Question> reply) {
  enqueue_job<Question>(
      writer_,
      [r = std::move(r)](WriteContext& ctx) {
        const auto text = clean_on_air_answer_text(r.text);
        auto q = load_at_version(ctx, r.id, r.version);
        const auto from = q.state;
        if (from != QuestionState::on_air && from != QuestionState::aired)
          fail(ErrorKind::invalid_transition, "not_aired",
               "Chỉ câu hỏi đang hoặc đã lên sóng mới được trả lời trên sóng / only a question on air or aired can be "
               "answered on air (it is " + std::string(to_string(from)) + ")");
        const auto at = on_air_answer_time(r.at_ms, q, ctx.now_ms());
        q.state = QuestionState::answered;
        q.answer_text = text;
        q.answered_at_ms = at;
        q.answered_on_air_at_ms = at;
        q.answered_by = r.actor;
        q.answered_agency.clear();  // the studio answered, whoever the guest was
        save(ctx, q, r.actor, "answered",
             {{"from", to_string(from)}, {"to", "answered"}, {"on_air_at", iso8601_utc(at)}});
        return q;
      },
      std::move(reply));
}

void QuestionDesk::reorder_rundown(RundownOrder order, Reply<Show> reply) {
  enqueue_job<Show>(
      writer_,
      [order = std::move(order)](WriteContext& ctx) {
        auto show = require_open_show(ctx);
        if (show.rundown_version != order.rundown_version)
          fail(ErrorKind::conflict, "rundown_conflict", "Rundown đã thay đổi, hãy tải lại / the rundown changed since you loaded it",
               show.rundown_version);
        std::set<std::int64_t> current;
        for (const auto& q : store::rundown_questions(ctx.db(), show.id)) current.insert(q.id);
        const std::set<std::int64_t> given(order.question_ids.begin(), order.question_ids.end());
        if (given != current || given.size() != order.question_ids.size())
          fail(ErrorKind::invalid_input, "rundown_mismatch",
               "the order must list every question in the rundown exactly once");
        std::int64_t position = 1;
        for (auto id : order.question_ids)
          ctx.db().prepare("UPDATE questions SET rundown_position = ? WHERE id = ?").bind(1, position++).bind(2, id).run();
        store::bump_rundown_version(ctx.db(), show.id, show.rundown_version);
        show.rundown_version += 1;
        ctx.emit("rundown.changed", order.actor, std::nullopt,
                 nlohmann::json{{"show_id", show.id}, {"rundown_version", show.rundown_version}, {"order", order.question_ids}}
                     .dump());
        return show;
      },
      std::move(reply));
}

void QuestionDesk::open_show(std::string title, std::string actor, Reply<Show> reply) {
  enqueue_job<Show>(
      writer_,
      [title = std::move(title), actor = std::move(actor)](WriteContext& ctx) {
        if (auto open = store::open_show(ctx.db()))
          fail(ErrorKind::conflict, "show_already_open", "Chương trình '" + open->title + "' đang mở / a show is already open");
        Show show;
        show.title = clean_edit(title, 200, "title");
        if (show.title.empty()) fail(ErrorKind::invalid_input, "title_required", "the show needs a title");
        show.opened_at_ms = ctx.now_ms();
        show.opened_by = actor;
        store::insert_show(ctx.db(), show);
        const int attached = store::attach_waiting_questions(ctx.db(), show.id);
        const int callers = store::attach_waiting_callers(ctx.db(), show.id);
        store::attach_waiting_polls(ctx.db(), show.id);
        ctx.emit("show.opened", actor, std::nullopt,
                 JsonObjectText()
                     .raw("show", show_json_text(show))
                     .num("attached_questions", attached)
                     .num("attached_callers", callers)
                     .finish());
        return show;
      },
      std::move(reply));
}

void QuestionDesk::close_show(std::string actor, Reply<Show> reply) {
  enqueue_job<Show>(
      writer_,
      [actor = std::move(actor)](WriteContext& ctx) {
        auto show = store::open_show(ctx.db());
        if (!show) fail(ErrorKind::not_found, "no_open_show", "Chưa mở chương trình / no show is open");
        take_off_air_current(ctx, show->id, actor);
        close_lines(ctx, show->id, actor);
        close_polls_of_show(ctx, show->id, actor);
        show->closed_at_ms = ctx.now_ms();
        store::mark_show_closed(ctx.db(), show->id, *show->closed_at_ms);
        ctx.emit("show.closed", actor, std::nullopt, JsonObjectText().raw("show", show_json_text(*show)).finish());
        return *show;
      },
      std::move(reply));
}

}  // namespace votercast::core
