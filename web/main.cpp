// votercast: `serve` runs the live programme's server; `user add` manages staff
// accounts on the same database file, whether or not the server is running.
#include <csignal>
#include <filesystem>
#include <cstdio>
#include <iostream>
#include <pthread.h>
#include <string>
#include <thread>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>
#include <sodium.h>

#include "core/clock.hpp"
#include "core/store/group_commit_writer.hpp"
#include "core/store/user_table.hpp"
#include "core/users.hpp"
#include "web/app.hpp"
#include "web/config.hpp"

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
  const auto port = app.listen();
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

int add_user(const std::string& name, const std::string& role_name, const std::string& db_path) {
  const auto role = core::parse_role(role_name);
  if (!role) {
    std::cerr << "votercast: unknown role '" << role_name
              << "' (admin, producer, moderator, screener, operator, agency)\n";
    return 2;
  }
  if (!core::valid_user_name(name)) {
    std::cerr << "votercast: user names are 1-64 characters of a-z, 0-9, '.', '_' and '-'\n";
    return 2;
  }
  std::string password;
  std::getline(std::cin, password);
  if (!password.empty() && password.back() == '\r') password.pop_back();
  if (!core::valid_password(password)) {
    std::cerr << "votercast: the password (read from standard input) must be 8 to 1024 bytes\n";
    return 2;
  }
  core::User user;
  user.name = name;
  user.role = *role;
  user.password_hash = core::hash_password(password);
  if (const auto parent = std::filesystem::path(db_path).parent_path(); !parent.empty())
    std::filesystem::create_directories(parent);
  core::store::GroupCommitWriter writer(db_path, core::store::Durability::full);
  try {
    writer.run([&](core::store::WriteContext& ctx) {
      if (core::store::find_user(ctx.db(), name)) throw std::runtime_error("user '" + name + "' already exists");
      core::store::insert_user(ctx.db(), user, ctx.now_ms());
      ctx.emit("user.created", "cli", std::nullopt, nlohmann::json{{"user", name}, {"role", role_name}}.dump());
    });
  } catch (const std::exception& e) {
    std::cerr << "votercast: " << e.what() << "\n";
    return 1;
  }
  std::cout << "votercast: added user '" << name << "' with role " << role_name << "\n";
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

  auto* user_cmd = cli.add_subcommand("user", "Manage staff accounts");
  user_cmd->require_subcommand(1);
  auto* add_cmd = user_cmd->add_subcommand("add", "Add a staff account (password read from standard input)");
  std::string user_name, role_name, user_db = "var/votercast.db";
  bool password_stdin = false;
  add_cmd->add_option("name", user_name, "User name")->required();
  add_cmd->add_option("--role", role_name, "admin, producer, moderator, screener, operator or agency")->required();
  add_cmd->add_flag("--password-stdin", password_stdin, "Read the password from standard input")->required();
  add_cmd->add_option("--db", user_db, "SQLite database file");

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
      return serve(config);
    }
    if (*add_cmd) return add_user(user_name, role_name, user_db);
  } catch (const std::exception& e) {
    std::cerr << "votercast: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
