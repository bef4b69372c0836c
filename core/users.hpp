#pragma once
// Staff accounts: roles, what each role may do, and argon2id password hashes.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace votercast::core {

enum class Role { admin, producer, moderator, screener, operator_, agency };

std::string_view to_string(Role role);
std::optional<Role> parse_role(std::string_view name);

enum class Permission {
  view_queue,    // read questions and the live event stream
  moderate,      // approve, reject, edit for air, merge
  build_rundown, // queue questions and order the rundown
  take_to_air,   // on_air / aired
  forward,       // forward to an agency
  answer,        // record an agency's answer
  answer_on_air, // record that a question was answered in the studio
  manage_show,   // open and close an episode
  manage_users,
  view_programme,    // the control room's preview, health and scene (producer may look)
  control_graphics,  // change what the programme shows (the scene)
  screen_calls,      // log callers and move them up to "next" (not on air)
  view_phones,       // see voters' and callers' numbers unmasked
};

bool role_may(Role role, Permission permission);

struct User {
  std::int64_t id = 0;
  std::string name;
  Role role = Role::moderator;
  std::string password_hash;
  bool disabled = false;
  std::string agency;  // role agency only: the one agency whose questions this account answers
};

// Why this role and agency cannot go together ("" when they can): an agency account
// names its agency, and no other role has one.
std::string agency_assignment_problem(Role role, std::string_view agency);

// argon2id (libsodium's interactive limits): about 0.1 s and 64 MiB per call, so
// callers keep it off the network thread.
std::string hash_password(std::string_view password);
bool verify_password(const std::string& hash, std::string_view password);

// A random password for the first admin account (20 base32 characters, ~100 bits).
std::string random_password();

// User names: 1-64 chars of [a-z0-9._-]. Passwords: 8-1024 bytes.
bool valid_user_name(std::string_view name);
bool valid_password(std::string_view password);

}  // namespace votercast::core
