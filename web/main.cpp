// votercast: `serve` runs the live programme's server; `user add|passwd|disable|enable|list`
// manage staff accounts on the same database file, whether or not the server is running;
// `render` draws a scene to a still; `report` writes a show's report; `backup` copies the
// database while the server runs; `erase` blanks one voter's personal data.
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <iostream>
#include <pthread.h>
#include <string>
#include <thread>
#include <vector>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>
#include <sodium.h>

#include "core/clock.hpp"
#include "core/desk/staff_desk.hpp"
#include "core/format/show_report_format.hpp"
#include "core/store/group_commit_writer.hpp"
#include "core/store/migrations.hpp"
#include "core/store/report_queries.hpp"
#include "core/store/user_table.hpp"
#include "core/agency_names.hpp"
#include "core/text.hpp"
#include "core/users.hpp"
#include "media/graphics/scene_json.hpp"
#include "media/graphics/still_renderer.hpp"
#include "web/app.hpp"
#include "web/cli/backup_command.hpp"
#include "web/cli/erase_command.hpp"
#include "web/config/config.hpp"

namespace {

using namespace votercast;

int serve(web::Config config) {
  // Signals are taken by one thread with sigwait, so that stopping is an ordinary call.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  std::signal(SIGPIPE, SIG_IGN);

  web::App app(config);
  if (auto password = app.ensure_admin())
    std::cout << "votercast: first start: created user 'admin' with password: " << *password
              << "  (shown once; log in and keep it safe)" << std::endl;
  app.start_programme();
  const auto port = app.listen();
  const auto& p = config.programme;
  if (p.enabled) {
    std::cout << "votercast: programme " << p.width << "x" << p.height << "@" << p.fps << " from '" << p.input << "'";
    for (const auto& output : p.outputs) std::cout << ", out to '" << output << "'";
    std::cout << "\n";
  }
  // Secrets are printed on the first start only: logs are kept and shared, a token is not.
  if (app.overlay_token_new())
    std::cout << "votercast: first start: overlay for OBS/vMix/CasparCG: " << app.overlay_url()
              << "  (shown once; the control room shows it to operators)\n";
  else
    std::cout << "votercast: overlay for OBS/vMix/CasparCG: the address with its token is in the control room "
                 "(GET /api/program/overlay)\n";
  std::cout << "votercast: database " << config.db << " (synchronous=" << config.durability << ")\n"
            << "votercast: listening on http://" << config.listen << ":" << port << "/" << std::endl;

  std::thread signal_waiter([&app, signals] {
    int signal = 0;
    sigwait(&signals, &signal);
    app.stop();
  });
  app.run();
  // run() also returns after a fatal error; wake the waiter in that case.
  pthread_kill(signal_waiter.native_handle(), SIGTERM);
  signal_waiter.join();
  std::cout << "votercast: stopped" << std::endl;
  return 0;
}

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + path);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

int render(const std::string& scene_file, const std::string& out_file, const std::string& background_file,
           const std::string& format) {
  media::graphics::StillOptions options;
  int fps = 0;
  web::parse_format(format, options.width, options.height, fps);
  nlohmann::json json;
  try {
    json = nlohmann::json::parse(read_file(scene_file));
  } catch (const nlohmann::json::parse_error& e) {
    throw std::runtime_error(scene_file + ": not valid JSON: " + e.what());
  }
  std::string background;
  if (!background_file.empty()) {
    background = read_file(background_file);
    options.background_png = background;
  }
  std::string png;
  try {
    png = media::graphics::render_scene_png(media::graphics::scene_from_json(json), options);
  } catch (const media::graphics::SceneError& e) {
    throw std::runtime_error(scene_file + ": " + e.code + (e.field.empty() ? "" : " at " + e.field) + ": " + e.what());
  }
  std::ofstream out(out_file, std::ios::binary | std::ios::trunc);
  out.write(png.data(), static_cast<std::streamsize>(png.size()));
  if (!out.flush()) throw std::runtime_error("cannot write " + out_file);
  std::cout << "votercast: wrote " << out_file << " (" << options.width << "x" << options.height << ")" << std::endl;
  return 0;
}

// An agency account's agency, as the questions forwarded to it will name it: NFC with
// tidy spaces, and with --config in the configured spelling (case and diacritics
// aside). Empty with an error message when it cannot be.
std::string agency_of_account(std::string agency, const std::string& config_file, std::string& error) {
  if (!core::text::is_valid_utf8(agency)) {
    error = "--agency is not valid UTF-8";
    return "";
  }
  agency = core::text::normalize(agency);
  if (config_file.empty() || agency.empty()) return agency;
  const auto configured = web::load_config(config_file).agencies;
  if (!configured.empty())
    if (auto name = core::configured_agency(agency, configured)) return *name;
  error = "'" + agency + "' is not one of the agencies in " + config_file + ":";
  for (const auto& name : configured) error += "\n  " + name;
  if (configured.empty()) error += " (none configured)";
  return "";
}

// The password a command reads from standard input (one line), or "" after saying why not.
std::string password_from_stdin() {
  std::string password;
  std::getline(std::cin, password);
  if (!password.empty() && password.back() == '\r') password.pop_back();
  if (!core::valid_password(password)) {
    std::cerr << "votercast: the password (read from standard input) must be 8 to 1024 bytes\n";
    return "";
  }
  return password;
}

int add_user(const std::string& name, const std::string& role_name, const std::string& db_path,
             const std::string& agency_given, const std::string& config_file) {
  const auto role = core::parse_role(role_name);
  if (!role) {
    std::cerr << "votercast: unknown role '" << role_name
              << "' (admin, producer, moderator, screener, operator, agency)\n";
    return 2;
  }
  std::string error;
  const auto agency = agency_of_account(agency_given, config_file, error);
  if (!error.empty()) {
    std::cerr << "votercast: " << error << "\n";
    return 2;
  }
  if (const auto problem = core::agency_assignment_problem(*role, agency); !problem.empty()) {
    std::cerr << "votercast: " << problem << "\n";
    return 2;
  }
  if (!core::valid_user_name(name)) {
    std::cerr << "votercast: user names are 1-64 characters of a-z, 0-9, '.', '_' and '-'\n";
    return 2;
  }
  const auto password = password_from_stdin();
  if (password.empty()) return 2;
  core::User user;
  user.name = name;
  user.role = *role;
  user.password_hash = core::hash_password(password);
  user.agency = agency;
  core::store::GroupCommitWriter writer(db_path, core::store::Durability::full);
  try {
    writer.run([&](core::store::WriteContext& ctx) {
      if (core::store::find_user(ctx.db(), name)) throw std::runtime_error("user '" + name + "' already exists");
      core::store::insert_user(ctx.db(), user, ctx.now_ms());
      nlohmann::json payload{{"user", name}, {"role", role_name}};
      if (!agency.empty()) payload["agency"] = agency;
      ctx.emit("user.created", "cli", std::nullopt, payload.dump());
    });
  } catch (const std::exception& e) {
    std::cerr << "votercast: " << e.what() << "\n";
    return 1;
  }
  std::cout << "votercast: added user '" << name << "' with role " << role_name;
  if (!agency.empty()) std::cout << " for '" << agency << "'";
  std::cout << "\n";
  return 0;
}

int change_password(const std::string& name, const std::string& db_path) {
  const auto password = password_from_stdin();
  if (password.empty()) return 2;
  core::store::GroupCommitWriter writer(db_path, core::store::Durability::full);
  const auto ended = core::StaffDesk(writer).change_password(name, core::hash_password(password));
  if (!ended) {
    std::cerr << "votercast: no user '" << name << "'\n";
    return 1;
  }
  std::cout << "votercast: new password for '" << name << "'; " << *ended << " session(s) ended\n";
  return 0;
}

int set_disabled(const std::string& name, bool disabled, const std::string& db_path) {
  core::store::GroupCommitWriter writer(db_path, core::store::Durability::full);
  const auto ended = core::StaffDesk(writer).set_disabled(name, disabled);
  if (!ended) {
    std::cerr << "votercast: no user '" << name << "'\n";
    return 1;
  }
  std::cout << "votercast: user '" << name << "' " << (disabled ? "disabled" : "enabled") << "; " << *ended
            << " session(s) ended\n";
  return 0;
}

// Read-only, like report: it can run beside the server.
int list_users(const std::string& db_path) {
  core::store::Database db(db_path, core::store::Database::Mode::read_only);
  for (const auto& user : core::store::list_users(db)) {
    std::cout << user.name << "\t" << core::to_string(user.role) << "\t" << (user.disabled ? "disabled" : "enabled");
    if (!user.agency.empty()) std::cout << "\t" << user.agency;
    std::cout << "\n";
  }
  return std::cout.good() ? 0 : 1;
}

// Read-only on the database file, so that it can run while the server does.
int print_routes(web::Config config, const std::string& db_path) {
  config.db = db_path;
  config.programme.enabled = false;
  for (const auto& route : web::App(config).routes()) std::cout << route << "\n";
  return std::cout.good() ? 0 : 1;
}

int report(const std::string& db_path, std::int64_t show_id, const std::string& format, const std::string& out_file) {
  core::store::Database db(db_path, core::store::Database::Mode::read_only);
  const auto newest = core::store::schema_migrations().back().version;
  if (core::store::schema_version(db) != newest)
    throw std::runtime_error("the database " + db_path + " is not at this version's schema: start `votercast serve` on it once");
  core::store::ReadTransaction moment(db);
  const auto built = core::store::build_show_report(db, show_id, core::now_ms());
  moment.end();
  if (!built) {
    std::cerr << "votercast: no show " << show_id << " in " << db_path << "\n";
    return 1;
  }
  const std::string text = format == "json" ? core::report_json(*built).dump(2) + "\n" : core::report_csv(*built);
  if (out_file.empty()) {
    std::cout << text;
    return std::cout.good() ? 0 : 1;
  }
  std::ofstream out(out_file, std::ios::binary);
  out << text;
  if (!out) throw std::runtime_error("cannot write " + out_file);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (sodium_init() < 0) {
    std::cerr << "votercast: libsodium failed to initialise\n";
    return 1;
  }
  CLI::App cli{"votercast: live voter-dialogue programmes (questions, moderation, on-air graphics)"};
  cli.require_subcommand(1);

  web::Config config;
  config.static_dir = VOTERCAST_STATIC_DIR;
  std::string config_file;
  auto* serve_cmd = cli.add_subcommand("serve", "Run the server (HTTP API, WebSocket, pages)");
  serve_cmd->add_option("--config", config_file, "Settings file (.toml or .json)")->check(CLI::ExistingFile);
  std::optional<unsigned short> port;
  std::optional<std::string> db, listen, public_url, static_dir, durability;
  serve_cmd->add_option("--port", port, "TCP port (default 8080; 0 picks a free one)");
  serve_cmd->add_option("--db", db, "SQLite database file (default var/votercast.db)");
  serve_cmd->add_option("--listen", listen, "Address to bind (default 127.0.0.1)");
  serve_cmd->add_option("--public-url", public_url, "The address voters see on air and in SMS replies");
  serve_cmd->add_option("--static", static_dir, "Directory of the web pages");
  serve_cmd->add_option("--durability", durability, "SQLite synchronous mode")->check(CLI::IsMember({"full", "normal"}));
  std::optional<std::string> input, format;
  std::vector<std::string> outputs;
  bool no_programme = false;
  serve_cmd->add_option("--input", input,
                        "Programme input: test (default), a URI (file, http, rtsp, srt://HOST:PORT), "
                        "srt://HOST:PORT?mode=listener, decklink:N");
  serve_cmd->add_option("--output", outputs,
                        "Programme output, repeatable: rtmp://…, srt://…, file:PATH.mkv|mp4|ts, hls:DIR");
  serve_cmd->add_option("--format", format, "Programme format WIDTHxHEIGHT@FPS (default 1920x1080@25)");
  serve_cmd->add_flag("--no-programme", no_programme, "Run without the live programme (queue and graphics API only)");

  auto* render_cmd = cli.add_subcommand("render", "Draw a scene (docs/SCENE.md) to a PNG still, as it would go to air");
  std::string scene_file, out_file, background_file, render_format = "1920x1080@25";
  render_cmd->add_option("--scene", scene_file, "Scene JSON file")->required()->check(CLI::ExistingFile);
  render_cmd->add_option("--out", out_file, "PNG file to write")->required();
  render_cmd->add_option("--background", background_file, "PNG drawn underneath (a programme frame)")
      ->check(CLI::ExistingFile);
  render_cmd->add_option("--format", render_format, "Frame size WIDTHxHEIGHT@FPS (default 1920x1080@25)");

  auto* user_cmd = cli.add_subcommand("user", "Manage staff accounts");
  user_cmd->require_subcommand(1);
  auto* add_cmd = user_cmd->add_subcommand("add", "Add a staff account (password read from standard input)");
  std::string user_name, role_name, user_db = "var/votercast.db";
  bool password_stdin = false;
  add_cmd->add_option("name", user_name, "User name")->required();
  add_cmd->add_option("--role", role_name, "admin, producer, moderator, screener, operator or agency")->required();
  add_cmd->add_flag("--password-stdin", password_stdin, "Read the password from standard input")->required();
  add_cmd->add_option("--db", user_db, "SQLite database file");
  std::string user_agency, user_config;
  add_cmd->add_option("--agency", user_agency, "With --role agency: the agency whose questions the account answers");
  add_cmd->add_option("--config", user_config, "Settings file: --agency must be one of its 'agencies'")
      ->check(CLI::ExistingFile);
  auto* passwd_cmd = user_cmd->add_subcommand("passwd", "Set a new password (read from standard input); ends the account's sessions");
  passwd_cmd->add_option("name", user_name, "User name")->required();
  passwd_cmd->add_flag("--password-stdin", password_stdin, "Read the password from standard input")->required();
  auto* disable_cmd = user_cmd->add_subcommand("disable", "Refuse the account's logins and end its sessions");
  disable_cmd->add_option("name", user_name, "User name")->required();
  auto* enable_cmd = user_cmd->add_subcommand("enable", "Let a disabled account log in again");
  enable_cmd->add_option("name", user_name, "User name")->required();
  auto* list_cmd = user_cmd->add_subcommand("list", "The accounts: name, role, enabled or disabled, agency");
  for (auto* cmd : {passwd_cmd, disable_cmd, enable_cmd})
    cmd->add_option("--db", user_db, "SQLite database file")->check(CLI::ExistingFile);
  list_cmd->add_option("--db", user_db, "SQLite database file")->check(CLI::ExistingFile);

  auto* report_cmd = cli.add_subcommand("report", "The show's report (questions, answers, callers, polls) as CSV or JSON");
  std::int64_t report_show = 0;
  std::string report_format = "csv", report_db = "var/votercast.db", report_out;
  report_cmd->add_option("--show", report_show, "Show id (as in /reports/ID)")->required();
  report_cmd->add_option("--format", report_format, "csv or json")->check(CLI::IsMember({"csv", "json"}));
  report_cmd->add_option("--db", report_db, "SQLite database file")->check(CLI::ExistingFile);
  report_cmd->add_option("--out", report_out, "File to write (default: standard output)");

  auto* routes_cmd = cli.add_subcommand("routes", "List the HTTP routes, as METHOD /pattern (for proxies and audits)");
  std::string routes_db = "var/votercast.db";
  routes_cmd->add_option("--db", routes_db, "SQLite database file (created if missing)");

  auto* backup_cmd = cli.add_subcommand("backup", "A consistent copy of the database, taken while the server runs");
  std::string backup_file, backup_db = "var/votercast.db";
  backup_cmd->add_option("file", backup_file, "The copy to write (replaced whole, never half-written)")->required();
  backup_cmd->add_option("--db", backup_db, "SQLite database file")->check(CLI::ExistingFile);

  auto* erase_cmd = cli.add_subcommand("erase", "Erase one voter's name and phone number on request (Decree 13/2023)");
  std::string erase_phone, erase_ticket, erase_db = "var/votercast.db";
  auto* erase_whom = erase_cmd->add_option_group("whom", "--phone or --ticket, one of them");
  erase_whom->add_option("--phone", erase_phone, "The voter's phone number, in any form intake takes");
  erase_whom->add_option("--ticket", erase_ticket, "A ticket code of the voter's");
  erase_whom->require_option(1);
  erase_cmd->add_option("--db", erase_db, "SQLite database file")->check(CLI::ExistingFile);

  CLI11_PARSE(cli, argc, argv);

  try {
    if (*serve_cmd) {
      if (!config_file.empty()) config = web::load_config(config_file, config);
      if (port) config.port = *port;
      if (db) config.db = *db;
      if (listen) config.listen = *listen;
      if (public_url) config.public_url = *public_url;
      if (static_dir) config.static_dir = *static_dir;
      if (durability) config.durability = *durability;
      if (input) config.programme.input = *input;
      if (!outputs.empty()) config.programme.outputs = outputs;
      if (format) web::parse_format(*format, config.programme.width, config.programme.height, config.programme.fps);
      if (no_programme) config.programme.enabled = false;
      return serve(config);
    }
    if (*add_cmd) return add_user(user_name, role_name, user_db, user_agency, user_config);
    if (*passwd_cmd) return change_password(user_name, user_db);
    if (*disable_cmd) return set_disabled(user_name, true, user_db);
    if (*enable_cmd) return set_disabled(user_name, false, user_db);
    if (*list_cmd) return list_users(user_db);
    if (*render_cmd) return render(scene_file, out_file, background_file, render_format);
    if (*report_cmd) return report(report_db, report_show, report_format, report_out);
    if (*routes_cmd) return print_routes(config, routes_db);
    if (*backup_cmd) return web::backup_command(backup_db, backup_file);
    if (*erase_cmd) return web::erase_command(erase_db, erase_phone, erase_ticket);
  } catch (const std::exception& e) {
    std::cerr << "votercast: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
