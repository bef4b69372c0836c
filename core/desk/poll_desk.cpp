#include "core/desk/poll_desk.hpp"

#include <memory>

#include "core/errors.hpp"
#include "core/format/json_text.hpp"
#include "core/format/poll_json.hpp"
#include "core/store/poll_table.hpp"
#include "core/store/show_table.hpp"

namespace votercast::core {
namespace {

using store::WriteContext;

void emit(WriteContext& ctx, const char* type, const Poll& p, const std::string& actor, std::string_view change) {
  ctx.emit(type, actor, std::nullopt,
           JsonObjectText()
               .str("change", change)
               .raw("poll", poll_json_text(p, store::count_votes(ctx.db(), p.id)))
               .finish());
}

Poll load_at_version(WriteContext& ctx, std::int64_t id, std::int64_t version) {
  auto p = store::load_poll(ctx.db(), id);
  if (!p) fail(ErrorKind::not_found, "poll_not_found", "Không tìm thấy cuộc bình chọn / no such poll");
  if (p->version != version)
    fail(ErrorKind::conflict, "version_conflict",
         "Cuộc bình chọn đã được " + p->updated_by + " thay đổi, hãy tải lại / changed by " + p->updated_by +
             " since you loaded it",
         p->version);
  return *p;
}

void save(WriteContext& ctx, Poll& p, const std::string& actor, std::string_view change) {
  const auto expected = p.version;
  p.updated_at_ms = ctx.now_ms();
  p.updated_by = actor;
  if (!store::update_poll(ctx.db(), p, expected))
    fail(ErrorKind::conflict, "version_conflict", "changed concurrently", store::load_poll(ctx.db(), p.id)->version);
  emit(ctx, "poll.updated", p, actor, change);
}

}  // namespace

void PollDesk::create(PollDraft draft, std::string actor, Reply<Poll> reply) {
  enqueue_job<Poll>(
      writer_,
      [draft = std::move(draft), actor = std::move(actor), revote = default_revote_](WriteContext& ctx) {
        Poll p;
        set_poll_content(p, draft.title, draft.options);
        p.revote = draft.revote.value_or(revote);
        if (auto show = store::open_show(ctx.db())) p.show_id = show->id;
        p.created_at_ms = p.updated_at_ms = ctx.now_ms();
        p.updated_by = actor;
        store::insert_poll(ctx.db(), p);
        emit(ctx, "poll.created", p, actor, "created");
        return p;
      },
      std::move(reply));
}

void PollDesk::edit(PollEdit edit, Reply<Poll> reply) {
  enqueue_job<Poll>(
      writer_,
      [edit = std::move(edit)](WriteContext& ctx) {
        auto p = load_at_version(ctx, edit.id, edit.version);
        if (p.state != PollState::draft)
          fail(ErrorKind::invalid_transition, "poll_not_draft",
               "Chỉ sửa được cuộc bình chọn chưa mở / only a poll not yet opened can be edited");
        set_poll_content(p, edit.title.value_or(p.title), edit.options.value_or(p.options));
        if (edit.revote) p.revote = *edit.revote;
        save(ctx, p, edit.actor, "edited");
        return p;
      },
      std::move(reply));
}

void PollDesk::open(std::int64_t id, std::int64_t version, std::string actor, Reply<Poll> reply) {
  enqueue_job<Poll>(
      writer_,
      [id, version, actor = std::move(actor)](WriteContext& ctx) {
        auto p = load_at_version(ctx, id, version);
        if (p.state != PollState::draft)
          fail(ErrorKind::invalid_transition, "invalid_transition",
               "Cuộc bình chọn đã mở hoặc đã kết thúc / the poll was already opened");
        if (auto other = store::current_open_poll(ctx.db()))
          fail(ErrorKind::conflict, "another_poll_open",
               "Đang mở cuộc bình chọn \"" + other->title + "\", hãy đóng trước / close the open poll first");
        p.state = PollState::open;
        p.opened_at_ms = ctx.now_ms();
        save(ctx, p, actor, "opened");
        return p;
      },
      std::move(reply));
}

void PollDesk::close(std::int64_t id, std::int64_t version, std::string actor, Reply<Poll> reply) {
  enqueue_job<Poll>(
      writer_,
      [id, version, actor = std::move(actor)](WriteContext& ctx) {
        auto p = load_at_version(ctx, id, version);
        if (p.state != PollState::open)
          fail(ErrorKind::invalid_transition, "invalid_transition", "Cuộc bình chọn chưa mở / the poll is not open");
        p.state = PollState::closed;
        p.closed_at_ms = ctx.now_ms();
        save(ctx, p, actor, "closed");
        return p;
      },
      std::move(reply));
}

void PollDesk::vote(Vote vote, Reply<VoteResult> reply) {
  enqueue_job<VoteResult>(writer_, [vote = std::move(vote)](WriteContext& ctx) { return vote_in_job(ctx, vote); },
                      std::move(reply));
}

VoteResult vote_in_job(WriteContext& ctx, const Vote& vote) {
  std::optional<Poll> poll;
  if (vote.poll_id) {
    poll = store::load_poll(ctx.db(), vote.poll_id);
    if (!poll) fail(ErrorKind::not_found, "poll_not_found", "Không tìm thấy cuộc bình chọn / no such poll");
  } else {
    poll = store::current_open_poll(ctx.db());
    if (!poll) fail(ErrorKind::conflict, "no_open_poll", "Hiện chưa có cuộc bình chọn nào / no poll is open");
  }
  if (poll->state != PollState::open)
    fail(ErrorKind::conflict, "poll_not_open",
         poll->state == PollState::closed ? "Cuộc bình chọn đã kết thúc / the poll has closed"
                                          : "Cuộc bình chọn chưa mở / the poll is not open yet");
  const auto code = option_code_for(*poll, vote.typed);
  if (!code) fail(ErrorKind::invalid_input, "unknown_option", "Không có lựa chọn này / no such option: '" + vote.typed + "'");
  return store::record_vote(ctx.db(), *poll, vote.voter, *code, vote.channel, ctx.now_ms());
}

void close_polls_of_show(WriteContext& ctx, std::int64_t show_id, const std::string& actor) {
  for (auto& p : store::list_polls(ctx.db(), show_id)) {
    if (p.state != PollState::open) continue;
    p.state = PollState::closed;
    p.closed_at_ms = ctx.now_ms();
    save(ctx, p, actor, "closed");
  }
}

}  // namespace votercast::core
