#include "web/config/config.hpp"

#include <cstdint>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <utility>

#include <toml++/toml.h>

#include "web/config/whole_number_setting.hpp"
#include "web/net/ip_allow_list.hpp"

namespace votercast::web {
namespace {

nlohmann::json toml_to_json(const toml::node& node) {
  if (auto* t = node.as_table()) {
    nlohmann::json out = nlohmann::json::object();
    for (const auto& [k, v] : *t) out[std::string(k.str())] = toml_to_json(v);
    return out;
  }
  if (auto* a = node.as_array()) {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& v : *a) out.push_back(toml_to_json(v));
    return out;
  }
  if (auto v = node.value<std::string>(); node.is_string()) return *v;
  if (node.is_integer()) return *node.value<std::int64_t>();
  if (node.is_floating_point()) return *node.value<double>();
  if (node.is_boolean()) return *node.value<bool>();
  return nullptr;
}

std::vector<std::string> string_list(const nlohmann::json& value, const std::string& key) {
  if (!value.is_array()) throw std::runtime_error("'" + key + "' must be a list of strings");
  std::vector<std::string> out;
  for (const auto& v : value) {
    if (!v.is_string()) throw std::runtime_error("'" + key + "' must be a list of strings");
    out.push_back(v.get<std::string>());
  }
  return out;
}

ProgrammeSettings programme_settings(const nlohmann::json& j, ProgrammeSettings p) {
  if (!j.is_object()) throw std::runtime_error("'programme' must be a table");
  for (const auto& [key, value] : j.items()) {
    if (key == "enabled") p.enabled = value.get<bool>();
    else if (key == "input") p.input = value.get<std::string>();
    else if (key == "outputs") p.outputs = string_list(value, "programme.outputs");
    else if (key == "format") parse_format(value.get<std::string>(), p.width, p.height, p.fps);
    else if (key == "preview") parse_format(value.get<std::string>(), p.preview_width, p.preview_height, p.preview_fps);
    else if (key == "slate_image") p.slate_image = value.get<std::string>();
    else if (key == "logo_text") p.logo_text = value.get<std::string>();
    else if (key == "logo_png") p.logo_png = value.get<std::string>();
    else throw std::runtime_error("unknown setting 'programme." + key + "'");
  }
  return p;
}

// An int setting whose range is checked below, with the file's name.
int whole_int(const nlohmann::json& value, const std::string& key) {
  return static_cast<int>(whole_number_setting(value, key, INT32_MIN, INT32_MAX));
}

}  // namespace

void parse_format(const std::string& text, int& width, int& height, int& fps) {
  int w = 0, h = 0, f = 0;
  char x = 0, at = 0;
  std::istringstream in(text);
  if (!(in >> w >> x >> h >> at >> f) || x != 'x' || at != '@' || !in.eof() || w < 16 || h < 16 || w > 7680 ||
      h > 4320 || w % 2 || h % 2 || f < 1 || f > 60)
    throw std::runtime_error("format '" + text + "' is not WIDTHxHEIGHT@FPS (e.g. 1920x1080@25, 1280x720@50)");
  width = w;
  height = h;
  fps = f;
}

Config load_config(const std::string& path, Config defaults) {
  std::ifstream file(path);
  if (!file) throw std::runtime_error("cannot read config file " + path);
  std::stringstream text;
  text << file.rdbuf();
  return parse_config(text.str(), path, std::move(defaults));
}

Config parse_config(std::string_view text, const std::string& path, Config c) {
  nlohmann::json j;
  try {
    if (path.ends_with(".json")) {
      j = nlohmann::json::parse(text);
    } else {
      j = toml_to_json(toml::parse(text, path));
    }
  } catch (const std::exception& e) {
    throw std::runtime_error("config file " + path + ": " + e.what());
  }
  if (!j.is_object()) throw std::runtime_error("config file " + path + ": expected a table/object at the top");
  try {
    for (const auto& [key, value] : j.items()) {
      if (key == "listen") c.listen = value.get<std::string>();
      else if (key == "port") c.port = static_cast<unsigned short>(whole_number_setting(value, key, 0, 65535));
      else if (key == "db") c.db = value.get<std::string>();
      else if (key == "public_url") c.public_url = value.get<std::string>();
      else if (key == "overlay_token") c.overlay_token = value.get<std::string>();
      else if (key == "durability") c.durability = value.get<std::string>();
      else if (key == "static_dir") c.static_dir = value.get<std::string>();
      else if (key == "session_hours") c.staff.session_hours = whole_int(value, key);  // before [staff] existed
      else if (key == "staff") c.staff = parse_staff_settings(value, c.staff);
      else if (key == "ws_queue_limit") c.ws_queue_limit = static_cast<std::size_t>(whole_number_setting(value, key, 0, INT64_MAX));
      else if (key == "ws_heartbeat_seconds") c.ws_heartbeat_seconds = whole_int(value, key);
      else if (key == "topics") c.topics = string_list(value, key);
      else if (key == "areas") c.areas = string_list(value, key);
      else if (key == "agencies") c.agencies = string_list(value, key);
      else if (key == "follow_up_due_days") c.follow_up_due_days = whole_int(value, key);
      else if (key == "trusted_proxies") {
        c.trusted_proxies = string_list(value, key);
        IpAllowList check(c.trusted_proxies);  // names a bad entry now, with the file
      }
      else if (key == "sms") c.sms = parse_sms_settings(value);
      else if (key == "polls") c.polls = parse_poll_settings(value);
      else if (key == "intake") c.intake = parse_intake_settings(value);
      else if (key == "retention") c.retention = parse_retention_settings(value);
      else if (key == "metrics") c.metrics = parse_metrics_settings(value);
      else if (key == "server") c.server = parse_server_settings(value);
      else if (key == "calls") c.calls = parse_call_settings(value);
      else if (key == "programme") c.programme = programme_settings(value, c.programme);
      else throw std::runtime_error("unknown setting '" + key + "'");
    }
  } catch (const nlohmann::json::exception& e) {
    throw std::runtime_error("config file " + path + ": wrong type: " + e.what());
  } catch (const std::runtime_error& e) {
    throw std::runtime_error("config file " + path + ": " + e.what());
  }
  try {
    check_staff_settings(c.staff);
  } catch (const std::runtime_error& e) {
    throw std::runtime_error("config file " + path + ": " + e.what());
  }
  if (c.ws_queue_limit < 4) throw std::runtime_error("config file " + path + ": ws_queue_limit must be at least 4");
  if (c.ws_heartbeat_seconds < 1 || c.ws_heartbeat_seconds > 3600)
    throw std::runtime_error("config file " + path + ": ws_heartbeat_seconds must be between 1 and 3600");
  if (c.follow_up_due_days < 0 || c.follow_up_due_days > 365)
    throw std::runtime_error("config file " + path + ": follow_up_due_days must be between 0 and 365");
  if (c.durability != "full" && c.durability != "normal")
    throw std::runtime_error("config file " + path + ": durability must be \"full\" or \"normal\"");
  return c;
}

std::string overlay_url(const Config& config, const std::string& token) {
  auto base = config.public_url;
  while (!base.empty() && base.back() == '/') base.pop_back();
  return base + "/overlay?token=" + token;
}

}  // namespace votercast::web
