#pragma once
// Settings: built-in defaults, then the --config file (TOML or JSON), then the
// command line. Unknown keys are an error so that a typo never goes unnoticed.
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace votercast::web {

struct Config {
  std::string listen = "127.0.0.1";
  unsigned short port = 8080;
  std::string db = "var/votercast.db";
  std::string public_url = "http://localhost:8080";  // what voters see on air and in SMS replies
  std::string durability = "full";                   // SQLite synchronous: full | normal
  std::string static_dir;                             // web/static of the source tree unless set
  int session_hours = 12;
  std::size_t ws_queue_limit = 1024;  // frames buffered per console before it must resync
  std::vector<std::string> topics;
  std::vector<std::string> areas;
  std::vector<std::string> agencies;
  nlohmann::json gateways = nlohmann::json::object();  // per-gateway secrets (SMS intake)
};

// Throws std::runtime_error naming the file and the problem.
Config load_config(const std::string& path, Config defaults = {});

}  // namespace votercast::web
