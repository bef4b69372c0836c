#include "core/desk/staff_desk.hpp"

#include <nlohmann/json.hpp>

#include "core/store/user_table.hpp"

namespace votercast::core {

void StaffDesk::open_session(std::int64_t user_id, std::string token_hash, int max_age_s, Reply<bool> reply) {
  enqueue_job<bool>(
      writer_,
      [user_id, token_hash = std::move(token_hash), max_age_s](store::WriteContext& ctx) {
        store::delete_expired_sessions(ctx.db(), ctx.now_ms());
        store::insert_session(ctx.db(), token_hash, user_id, ctx.now_ms(), ctx.now_ms() + max_age_s * 1000LL);
        return true;
      },
      std::move(reply));
}

void StaffDesk::close_session(std::string token_hash, Reply<bool> reply) {
  enqueue_job<bool>(
      writer_,
      [token_hash = std::move(token_hash)](store::WriteContext& ctx) {
        store::delete_session(ctx.db(), token_hash);
        return true;
      },
      std::move(reply));
}

void StaffDesk::touch_session(std::string token_hash, Reply<bool> reply) {
  enqueue_job<bool>(
      writer_,
      [token_hash = std::move(token_hash)](store::WriteContext& ctx) {
        store::touch_session(ctx.db(), token_hash, ctx.now_ms());
        return true;
      },
      std::move(reply));
}

std::optional<std::int64_t> StaffDesk::change_password(const std::string& name, std::string password_hash) {
  std::optional<std::int64_t> ended;
  writer_.run([&](store::WriteContext& ctx) {
    const auto user = store::find_user(ctx.db(), name);
    if (!user) return;
    store::set_password_hash(ctx.db(), user->id, password_hash);
    ended = store::delete_user_sessions(ctx.db(), user->id);
    ctx.emit("user.password_changed", "cli", std::nullopt, nlohmann::json{{"user", name}}.dump());
  });
  return ended;
}

std::optional<std::int64_t> StaffDesk::set_disabled(const std::string& name, bool disabled) {
  std::optional<std::int64_t> ended;
  writer_.run([&](store::WriteContext& ctx) {
    const auto user = store::find_user(ctx.db(), name);
    if (!user) return;
    store::set_disabled(ctx.db(), user->id, disabled);
    ended = store::delete_user_sessions(ctx.db(), user->id);
    ctx.emit(disabled ? "user.disabled" : "user.enabled", "cli", std::nullopt, nlohmann::json{{"user", name}}.dump());
  });
  return ended;
}

bool StaffDesk::create_first_admin(std::string password_hash) {
  User admin;
  admin.name = "admin";
  admin.role = Role::admin;
  admin.password_hash = std::move(password_hash);
  bool created = false;
  writer_.run([&](store::WriteContext& ctx) {
    if (store::count_users(ctx.db()) > 0) return;  // someone ran `user add` meanwhile
    store::insert_user(ctx.db(), admin, ctx.now_ms());
    ctx.emit("user.created", "system", std::nullopt, R"({"user":"admin","role":"admin"})");
    created = true;
  });
  return created;
}

}  // namespace votercast::core
