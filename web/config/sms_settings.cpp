#include "web/config/sms_settings.hpp"

#include <initializer_list>
#include <stdexcept>
#include <tuple>

#include "core/errors.hpp"
#include "core/sms/inbound_sms.hpp"
#include "core/sms/outbound_request.hpp"
#include "core/sms/sms_reply.hpp"
#include "web/net/http_url.hpp"

namespace votercast::web {
namespace {

using core::sms::SmsAction;
using core::sms::UnknownKeywordRule;

[[noreturn]] void bad(const std::string& key, const std::string& problem) {
  throw std::runtime_error("'" + key + "' " + problem);
}

[[noreturn]] void unknown(const std::string& key) { throw std::runtime_error("unknown setting '" + key + "'"); }

const nlohmann::json& table(const nlohmann::json& value, const std::string& key) {
  if (!value.is_object()) bad(key, "must be a table");
  return value;
}

std::string text(const nlohmann::json& value, const std::string& key) {
  if (!value.is_string()) bad(key, "must be a string");
  return value.get<std::string>();
}

bool flag(const nlohmann::json& value, const std::string& key) {
  if (!value.is_boolean()) bad(key, "must be true or false");
  return value.get<bool>();
}

std::int64_t positive(const nlohmann::json& value, const std::string& key, std::int64_t max) {
  if (!value.is_number_integer() || value.get<std::int64_t>() < 1 || value.get<std::int64_t>() > max)
    bad(key, "must be a whole number from 1 to " + std::to_string(max));
  return value.get<std::int64_t>();
}

std::vector<std::string> texts(const nlohmann::json& value, const std::string& key) {
  if (!value.is_array()) bad(key, "must be a list of strings");
  std::vector<std::string> out;
  for (const auto& v : value) out.push_back(text(v, key));
  return out;
}

IpAllowList allow_list(const nlohmann::json& value, const std::string& key) {
  try {
    return IpAllowList(texts(value, key));
  } catch (const std::runtime_error& e) {
    bad(key, std::string("has an entry that ") + e.what());
  }
}

// The keys every gateway with a shared secret has; false when `name` is none of them.
bool gateway_key(SmsGatewaySettings& g, const std::string& name, const nlohmann::json& value, const std::string& key) {
  if (name == "enabled") g.enabled = flag(value, key);
  else if (name == "secret") g.secret = text(value, key);
  else if (name == "allow_ips") g.allow_ips = allow_list(value, key);
  else return false;
  return true;
}

void require_secret(const SmsGatewaySettings& g, const std::string& prefix) {
  if (g.enabled && g.secret.empty())
    bad(prefix + ".secret", "is required when the gateway is enabled (a long random string, also put in the gateway's URL)");
}

// A gateway's send URL: http:// or https://, checked at start rather than at the first answer.
std::string send_url(const nlohmann::json& value, const std::string& key) {
  auto url = text(value, key);
  if (!url.empty() && !parse_http_url(url))
    bad(key, "must be a full http:// or https:// URL (no user:password@, no #fragment)");
  return url;
}

// A setting the gateway's sending needs once `switch_key` turns it on.
void require_for_sending(const std::string& value, const std::string& key, const std::string& switch_key) {
  if (value.empty()) bad(key, "is required when '" + switch_key + "' is set (sending SMS through this gateway)");
}

KannelSettings kannel(const nlohmann::json& j) {
  const std::string prefix = "sms.kannel";
  KannelSettings k;
  for (const auto& [name, value] : table(j, prefix).items()) {
    const std::string key = prefix + "." + name;
    if (gateway_key(k, name, value, key)) continue;
    if (name == "sendsms_url") k.sendsms_url = send_url(value, key);
    else if (name == "sendsms_user") k.sendsms_user = text(value, key);
    else if (name == "sendsms_pass") k.sendsms_pass = text(value, key);
    else if (name == "sendsms_from") k.sendsms_from = text(value, key);
    else unknown(key);
  }
  require_secret(k, prefix);
  if (!k.sendsms_url.empty()) {
    require_for_sending(k.sendsms_user, prefix + ".sendsms_user", prefix + ".sendsms_url");
  }
  return k;
}

JasminSettings jasmin(const nlohmann::json& j) {
  const std::string prefix = "sms.jasmin";
  JasminSettings g;
  for (const auto& [name, value] : table(j, prefix).items()) {
    const std::string key = prefix + "." + name;
    if (gateway_key(g, name, value, key)) continue;
    if (name == "send_url") g.send_url = send_url(value, key);
    else if (name == "send_user") g.send_user = text(value, key);
    else if (name == "send_pass") g.send_pass = text(value, key);
    else if (name == "send_from") g.send_from = text(value, key);
    else unknown(key);
  }
  require_secret(g, prefix);
  if (!g.send_url.empty()) {
    require_for_sending(g.send_user, prefix + ".send_user", prefix + ".send_url");
    require_for_sending(g.send_pass, prefix + ".send_pass", prefix + ".send_url");
  }
  return g;
}

ShortcodeSettings shortcode(const nlohmann::json& j) {
  const std::string prefix = "sms.shortcode";
  ShortcodeSettings g;
  for (const auto& [name, value] : table(j, prefix).items()) {
    const std::string key = prefix + "." + name;
    if (gateway_key(g, name, value, key)) continue;
    if (name == "mt_url") g.mt_url = send_url(value, key);
    else if (name == "service_id") g.service_id = text(value, key);
    else if (name == "command_code") g.command_code = text(value, key);
    else unknown(key);
  }
  require_secret(g, prefix);
  if (!g.mt_url.empty()) {
    require_for_sending(g.service_id, prefix + ".service_id", prefix + ".mt_url");
    require_for_sending(g.command_code, prefix + ".command_code", prefix + ".mt_url");
  }
  return g;
}

SmsOutboxSettings outbox(const nlohmann::json& j) {
  SmsOutboxSettings o;
  for (const auto& [name, value] : table(j, "sms.outbox").items()) {
    const std::string key = "sms.outbox." + name;
    if (name == "retry_seconds") o.retry_seconds = static_cast<int>(positive(value, key, 24 * 3600));
    else if (name == "max_attempts") o.max_attempts = static_cast<int>(positive(value, key, 100));
    else if (name == "timeout_seconds") o.timeout_seconds = static_cast<int>(positive(value, key, 120));
    else unknown(key);
  }
  return o;
}

TwilioSettings twilio(const nlohmann::json& j) {
  const std::string prefix = "sms.twilio";
  TwilioSettings t;
  for (const auto& [name, value] : table(j, prefix).items()) {
    const std::string key = prefix + "." + name;
    if (name == "enabled") t.enabled = flag(value, key);
    else if (name == "auth_token") t.auth_token = text(value, key);
    else if (name == "url") t.url = text(value, key);
    else if (name == "allow_ips") t.allow_ips = allow_list(value, key);
    else if (name == "account_sid") t.account_sid = text(value, key);
    else if (name == "from") t.from = text(value, key);
    else if (name == "messaging_service_sid") t.messaging_service_sid = text(value, key);
    else if (name == "api_base") t.api_base = send_url(value, key);
    else unknown(key);
  }
  if (!t.account_sid.empty()) {
    require_for_sending(t.auth_token, prefix + ".auth_token", prefix + ".account_sid");
    if (t.from.empty() && t.messaging_service_sid.empty())
      bad(prefix + ".from", "(or messaging_service_sid) is required when '" + prefix +
                                ".account_sid' is set (sending SMS through Twilio)");
    require_for_sending(t.api_base, prefix + ".api_base", prefix + ".account_sid");
  }
  if (t.enabled && t.auth_token.empty()) bad(prefix + ".auth_token", "is required when Twilio is enabled");
  if (t.enabled && !t.url.starts_with("http://") && !t.url.starts_with("https://"))
    bad(prefix + ".url", "must be the webhook's full URL as set in Twilio (https://…/sms/twilio)");
  return t;
}

SmsAction action(const nlohmann::json& value, const std::string& key) {
  const std::string name = text(value, key);
  if (name == "question") return SmsAction::question;
  if (name == "poll_vote") return SmsAction::poll_vote;
  if (name == "help") return SmsAction::help;
  bad(key, "must be \"question\", \"poll_vote\" or \"help\"");
}

std::vector<core::sms::KeywordTable::Entry> keywords(const nlohmann::json& j) {
  if (!j.is_array()) bad("sms.keywords", "must be a list of tables ([[sms.keywords]] keyword = \"DT\" …)");
  std::vector<core::sms::KeywordTable::Entry> out;
  for (std::size_t i = 0; i < j.size(); ++i) {
    const std::string prefix = "sms.keywords[" + std::to_string(i) + "]";
    core::sms::KeywordTable::Entry e{"", SmsAction::question};
    for (const auto& [name, value] : table(j[i], prefix).items()) {
      const std::string key = prefix + "." + name;
      if (name == "keyword") e.keyword = text(value, key);
      else if (name == "action") e.action = action(value, key);
      else if (name == "accented") e.accented = texts(value, key);
      else unknown(key);
    }
    if (e.keyword.empty()) bad(prefix + ".keyword", "is required");
    out.push_back(std::move(e));
  }
  return out;
}

SmsReplyTemplates replies(const nlohmann::json& j) {
  SmsReplyTemplates r;
  for (const auto& [name, value] : table(j, "sms.replies").items()) {
    const std::string key = "sms.replies." + name;
    if (name == "ticket") r.ticket = text(value, key);
    else if (name == "ticket_short") r.ticket_short = text(value, key);
    else if (name == "help") r.help = text(value, key);
    else if (name == "paused") r.paused = text(value, key);
    else if (name == "rate_limited") r.rate_limited = text(value, key);
    else if (name == "unreadable") r.unreadable = text(value, key);
    else if (name == "too_long") r.too_long = text(value, key);
    else if (name == "no_poll") r.no_poll = text(value, key);
    else if (name == "voted") r.voted = text(value, key);
    else if (name == "vote_kept") r.vote_kept = text(value, key);
    else if (name == "vote_unknown") r.vote_unknown = text(value, key);
    else if (name == "answered") r.answered = text(value, key);
    else if (name == "answered_short") r.answered_short = text(value, key);
    else if (name == "call_link") r.call_link = text(value, key);
    else if (name == "call_link_short") r.call_link_short = text(value, key);
    else if (name == "unaccented") r.unaccented = flag(value, key);
    else unknown(key);
  }
  return r;
}

// Each template is filled once with sample values, so that a {placeholder} it may not use
// is found at start, not when a voter writes.
void check_replies(const SmsReplyTemplates& r) {
  const core::sms::ReplyValues base = {{"url", "https://example.vn"}};
  auto with = [&](std::initializer_list<std::pair<const std::string, std::string>> more) {
    core::sms::ReplyValues v = base;
    v.insert(more);
    return v;
  };
  const std::vector<std::tuple<const char*, const std::string*, core::sms::ReplyValues>> all = {
      {"ticket", &r.ticket, with({{"ticket", "7KQ2M9XD"}})},
      {"ticket_short", &r.ticket_short, with({{"ticket", "7KQ2M9XD"}})},
      {"help", &r.help, base},
      {"paused", &r.paused, base},
      {"rate_limited", &r.rate_limited, with({{"minutes", "10"}})},
      {"unreadable", &r.unreadable, base},
      {"too_long", &r.too_long, with({{"max_chars", "1000"}})},
      {"no_poll", &r.no_poll, base},
      {"voted", &r.voted, with({{"option", "A"}})},
      {"vote_kept", &r.vote_kept, with({{"option", "A"}})},
      {"vote_unknown", &r.vote_unknown, with({{"keyword", "BC"}, {"options", "A, B, C"}})},
      {"answered", &r.answered, with({{"ticket", "7KQ2M9XD"}})},
      {"answered_short", &r.answered_short, with({{"ticket", "7KQ2M9XD"}})},
      {"call_link", &r.call_link, with({{"code", "123456"}})},
      {"call_link_short", &r.call_link_short, with({{"code", "123456"}})},
  };
  for (const auto& [name, reply_template, values] : all) {
    const std::string key = std::string("sms.replies.") + name;
    if (reply_template->empty()) bad(key, "must not be empty");
    try {
      core::sms::fill_reply_template(*reply_template, values);
    } catch (const core::DomainError& e) {
      bad(key, std::string("is not a valid template: ") + e.what());
    }
  }
  if (r.ticket_short.find("{ticket}") == std::string::npos)
    bad("sms.replies.ticket_short", "must contain {ticket}: it is how the voter learns the ticket");
  if (r.answered_short.find("{ticket}") == std::string::npos)
    bad("sms.replies.answered_short", "must contain {ticket}: it is how the voter knows which question");
  if (r.call_link_short.find("{code}") == std::string::npos)
    bad("sms.replies.call_link_short", "must contain {code}: it is the caller's way in");
}

}  // namespace

bool SmsSettings::sends_through(std::string_view gateway) const {
  namespace g = core::sms::gateway;
  if (gateway == g::kannel) return !kannel.sendsms_url.empty();
  if (gateway == g::jasmin) return !jasmin.send_url.empty();
  if (gateway == g::twilio) return !twilio.account_sid.empty();
  if (gateway == g::shortcode) return !shortcode.mt_url.empty();
  return false;
}

SmsSettings parse_sms_settings(const nlohmann::json& j) {
  SmsSettings s;
  for (const auto& [name, value] : table(j, "sms").items()) {
    const std::string key = "sms." + name;
    if (name == "kannel") s.kannel = kannel(value);
    else if (name == "jasmin") s.jasmin = jasmin(value);
    else if (name == "shortcode") s.shortcode = shortcode(value);
    else if (name == "outbox") s.outbox = outbox(value);
    else if (name == "twilio") s.twilio = twilio(value);
    else if (name == "keywords") s.keywords = keywords(value);
    else if (name == "unknown_keyword") {
      const std::string rule = text(value, key);
      if (rule == "accept") s.unknown_keyword = UnknownKeywordRule::accept;
      else if (rule == "help") s.unknown_keyword = UnknownKeywordRule::help;
      else bad(key, "must be \"accept\" (the whole text is a question) or \"help\" (answer with the help text)");
    } else if (name == "replies") s.replies = replies(value);
    else if (name == "remember_days") s.remember_days = static_cast<int>(positive(value, key, 3650));
    else if (name == "rate_limit") {
      for (const auto& [limit_name, limit] : table(value, key).items()) {
        const std::string limit_key = key + "." + limit_name;
        if (limit_name == "messages") s.rate_messages = static_cast<std::size_t>(positive(limit, limit_key, 100000));
        else if (limit_name == "per_minutes") s.rate_per_minutes = static_cast<int>(positive(limit, limit_key, 24 * 60));
        else unknown(limit_key);
      }
    } else unknown(key);
  }
  try {
    (void)s.keyword_table();
  } catch (const core::DomainError& e) {
    bad("sms.keywords", std::string("is not valid: ") + e.what());
  }
  check_replies(s.replies);
  return s;
}

}  // namespace votercast::web
