#include "core/format/poll_json.hpp"

#include "core/clock.hpp"
#include "core/format/json_text.hpp"

namespace votercast::core {
namespace {

std::int64_t count_of(const std::unordered_map<std::string, std::int64_t>& counts, const std::string& code) {
  const auto it = counts.find(code);
  return it == counts.end() ? 0 : it->second;
}

std::string optional_time(const std::optional<std::int64_t>& ms) {
  if (!ms) return "null";
  std::string out;
  append_json_string(out, iso8601_utc(*ms));
  return out;
}

}  // namespace

std::string poll_json_text(const Poll& poll, const std::unordered_map<std::string, std::int64_t>& counts) {
  std::string options = "[";
  std::int64_t total = 0;
  for (const auto& o : poll.options) {
    if (options.size() > 1) options += ',';
    const auto votes = count_of(counts, o.code);
    total += votes;
    options += JsonObjectText().str("code", o.code).str("label", o.label).num("votes", votes).finish();
  }
  options += ']';
  return JsonObjectText()
      .num("id", poll.id)
      .num("show_id", poll.show_id)
      .str("title", poll.title)
      .raw("options", options)
      .num("total", total)
      .str("state", to_string(poll.state))
      .str("revote", to_string(poll.revote))
      .num("version", poll.version)
      .str("created_at", iso8601_utc(poll.created_at_ms))
      .raw("opened_at", optional_time(poll.opened_at_ms))
      .raw("closed_at", optional_time(poll.closed_at_ms))
      .str("updated_by", poll.updated_by)
      .finish();
}

std::string poll_counts_json_text(const Poll& poll, const std::unordered_map<std::string, std::int64_t>& counts) {
  JsonObjectText by_code;
  std::int64_t total = 0;
  for (const auto& o : poll.options) {
    const auto votes = count_of(counts, o.code);
    total += votes;
    by_code.num(o.code, votes);
  }
  return JsonObjectText().num("poll_id", poll.id).raw("counts", by_code.finish()).num("total", total).finish();
}

}  // namespace votercast::core
