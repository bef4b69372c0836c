#include "core/format/show_report_format.hpp"

#include <nlohmann/json.hpp>

#include "core/clock.hpp"
#include "core/format/csv.hpp"

namespace votercast::core {
namespace {

nlohmann::json counts_json(const std::vector<ReportCount>& counts) {
  auto out = nlohmann::json::array();
  for (const auto& c : counts) out.push_back({{"name", c.name}, {"count", c.count}});
  return out;
}

// The report's steps, in the order a question goes through them.
std::vector<std::pair<const char*, std::int64_t>> steps(const ShowReport& r) {
  return {{"received", r.received},         {"approved", r.approved},
          {"rejected", r.rejected},         {"merged", r.merged},
          {"aired", r.aired},               {"forwarded", r.forwarded},
          {"answered", r.answered},         {"answered_on_time", r.answered_on_time},
          {"answered_late", r.answered_late}, {"answered_on_air", r.answered_on_air},
          {"overdue", r.overdue}};
}

}  // namespace

nlohmann::json report_json(const ShowReport& r) {
  nlohmann::json questions = nlohmann::json::object();
  for (const auto& [name, n] : steps(r)) questions[name] = n;
  questions["by_channel"] = counts_json(r.by_channel);
  questions["by_topic"] = counts_json(r.by_topic);
  questions["by_area"] = counts_json(r.by_area);
  auto duplicates = nlohmann::json::array();
  for (const auto& d : r.duplicates)
    duplicates.push_back({{"id", d.id}, {"ticket", d.ticket}, {"text", d.text}, {"voters", d.voters}});
  questions["duplicates"] = std::move(duplicates);
  auto polls = nlohmann::json::array();
  for (const auto& p : r.polls) {
    auto options = nlohmann::json::array();
    for (std::size_t i = 0; i < p.poll.options.size(); ++i)
      options.push_back({{"code", p.poll.options[i].code}, {"label", p.poll.options[i].label}, {"votes", p.votes[i].count}});
    polls.push_back({{"id", p.poll.id},
                     {"title", p.poll.title},
                     {"state", to_string(p.poll.state)},
                     {"options", std::move(options)},
                     {"total", p.total}});
  }
  return {{"show",
           {{"id", r.show.id},
            {"title", r.show.title},
            {"opened_at", iso8601_utc(r.show.opened_at_ms)},
            {"closed_at", r.show.closed_at_ms ? nlohmann::json(iso8601_utc(*r.show.closed_at_ms)) : nlohmann::json()}}},
          {"generated_at", iso8601_utc(r.generated_at_ms)},
          {"questions", std::move(questions)},
          {"callers", {{"total", r.callers}, {"on_air", r.callers_on_air}, {"dropped", r.callers_dropped}}},
          {"polls", std::move(polls)}};
}

std::string report_csv(const ShowReport& r) {
  std::string out = csv_row({"section", "item", "value"});
  out += csv_row({"show", "title", r.show.title});
  out += csv_row({"show", "opened_at", iso8601_utc(r.show.opened_at_ms)});
  for (const auto& [name, n] : steps(r)) out += csv_row({"questions", name, std::to_string(n)});
  for (const auto& c : r.by_channel) out += csv_row({"channel", c.name, std::to_string(c.count)});
  for (const auto& c : r.by_topic) out += csv_row({"topic", c.name, std::to_string(c.count)});
  for (const auto& c : r.by_area) out += csv_row({"area", c.name, std::to_string(c.count)});
  for (const auto& d : r.duplicates)
    out += csv_row({"duplicates", "#" + std::to_string(d.id) + " " + d.text, std::to_string(d.voters)});
  out += csv_row({"callers", "total", std::to_string(r.callers)});
  out += csv_row({"callers", "on_air", std::to_string(r.callers_on_air)});
  out += csv_row({"callers", "dropped", std::to_string(r.callers_dropped)});
  for (const auto& p : r.polls) {
    const auto section = "poll " + std::to_string(p.poll.id) + ": " + p.poll.title;
    for (std::size_t i = 0; i < p.poll.options.size(); ++i)
      out += csv_row({section, p.poll.options[i].code + " " + p.poll.options[i].label, std::to_string(p.votes[i].count)});
    out += csv_row({section, "total", std::to_string(p.total)});
  }
  return out;
}

}  // namespace votercast::core
