#pragma once
// Settings: built-in defaults, then the --config file (TOML or JSON), then the
// command line. Unknown keys are an error so that a typo never goes unnoticed.
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "web/config/call_settings.hpp"
#include "web/config/intake_settings.hpp"
#include "web/config/metrics_settings.hpp"
#include "web/config/poll_settings.hpp"
#include "web/config/retention_settings.hpp"
#include "web/config/server_settings.hpp"
#include "web/config/sms_settings.hpp"
#include "web/config/staff_settings.hpp"

namespace votercast::web {

// The live programme: input, outputs and format (see media::ProgrammeConfig).
struct ProgrammeSettings {
  bool enabled = true;                 // false: no pipeline (graphics done elsewhere, tests)
  std::string input = "test";          // test | URI | srt://HOST:PORT?mode=listener | decklink:N
  std::vector<std::string> outputs;    // rtmp://… | srt://… | file:PATH.mkv|mp4|ts | hls:DIR
  int width = 1920, height = 1080, fps = 25;
  int preview_width = 640, preview_height = 360, preview_fps = 10;
  std::string slate_image;             // PNG shown while the input is lost
  std::string logo_text = "ĐỐI THOẠI VỚI CỬ TRI";
  std::string logo_png;                // the station's logo for the bug, instead of logo_text
};

// "WIDTHxHEIGHT@FPS" (1920x1080@25, 1280x720@50); throws std::runtime_error.
void parse_format(const std::string& text, int& width, int& height, int& fps);

struct Config {
  std::string listen = "127.0.0.1";
  unsigned short port = 8080;
  std::string db = "var/votercast.db";
  std::string public_url = "http://localhost:8080";  // what voters see on air and in SMS replies
  std::string overlay_token;  // for /overlay in OBS/vMix/CasparCG; empty: one is made and kept in the database
  std::string durability = "full";                   // SQLite synchronous: full | normal
  std::string static_dir;                             // web/static of the source tree unless set
  std::size_t ws_queue_limit = 1024;  // frames buffered per console before it must resync
  int ws_heartbeat_seconds = 15;      // how often an idle console hears from the server
  std::vector<std::string> topics;
  std::vector<std::string> areas;
  std::vector<std::string> agencies;
  int follow_up_due_days = 14;  // a forwarded question without a due date is due this many days later
  // Reverse proxies (nginx) whose X-Forwarded-For is believed: addresses or networks.
  std::vector<std::string> trusted_proxies;
  SmsSettings sms;  // SMS intake: gateways, keywords, replies, rate limit (sms_settings.hpp)
  PollSettings polls;  // viewers' polls: revote rule, votes per address (poll_settings.hpp)
  IntakeSettings intake;  // voters' questions: per address, and how far the store may lag (intake_settings.hpp)
  StaffSettings staff;  // how long a staff login lasts, and idles (staff_settings.hpp)
  RetentionSettings retention;  // how long the event log keeps closed shows' events whole (retention_settings.hpp)
  MetricsSettings metrics;  // who may read /metrics (metrics_settings.hpp)
  CallSettings calls;  // video call-ins: how many at once, how long a link lasts (call_settings.hpp)
  ServerSettings server;  // connection and stream caps, the first byte's deadline (server_settings.hpp)
  ProgrammeSettings programme;
};

// Throws std::runtime_error naming the file and the problem.
Config load_config(const std::string& path, Config defaults = {});
// The same from the file's text: TOML, or JSON when `path` ends in .json (the path only
// names the file in errors).
Config parse_config(std::string_view text, const std::string& path, Config defaults = {});

// The address a graphics system's browser source loads: public_url/overlay?token=….
std::string overlay_url(const Config& config, const std::string& token);

}  // namespace votercast::web
