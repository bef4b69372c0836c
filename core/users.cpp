#include "core/users.hpp"

#include <sodium.h>

#include <array>
#include <mutex>
#include <stdexcept>
#include <utility>

namespace votercast::core {
namespace {

constexpr std::array<std::pair<Role, std::string_view>, 6> kRoleNames{{
    {Role::admin, "admin"},       {Role::producer, "producer"}, {Role::moderator, "moderator"},
    {Role::screener, "screener"}, {Role::operator_, "operator"}, {Role::agency, "agency"},
}};

void ensure_sodium() {
  static std::once_flag once;
  std::call_once(once, [] {
    if (sodium_init() < 0) throw std::runtime_error("libsodium failed to initialise");
  });
}

}  // namespace

std::string_view to_string(Role role) {
  for (const auto& [r, name] : kRoleNames)
    if (r == role) return name;
  return "unknown";
}

std::optional<Role> parse_role(std::string_view name) {
  for (const auto& [r, n] : kRoleNames)
    if (n == name) return r;
  return std::nullopt;
}

bool role_may(Role role, Permission permission) {
  using P = Permission;
  if (role == Role::admin) return true;
  switch (permission) {
    case P::view_queue:
      return role != Role::agency;
    case P::moderate:
      return role == Role::producer || role == Role::moderator;
    case P::build_rundown:
    case P::manage_show:
      return role == Role::producer;
    case P::take_to_air:
      return role == Role::producer || role == Role::operator_;
    case P::forward:
      return role == Role::producer || role == Role::moderator;
    case P::answer:
      return role == Role::agency || role == Role::producer;
    case P::answer_on_air:
      return role == Role::producer;
    case P::manage_users:
      return false;
    case P::view_programme:
      return role == Role::operator_ || role == Role::producer;
    case P::control_graphics:
      return role == Role::operator_;
    case P::screen_calls:
      return role == Role::screener || role == Role::producer;
    case P::view_phones:  // the screener calls back; the producer decides on air
      return role == Role::screener || role == Role::producer;
  }
  return false;
}

std::string hash_password(std::string_view password) {
  ensure_sodium();
  char out[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str_alg(out, password.data(), password.size(), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                            crypto_pwhash_MEMLIMIT_INTERACTIVE, crypto_pwhash_ALG_ARGON2ID13) != 0)
    throw std::runtime_error("out of memory while hashing a password");
  return out;
}

bool verify_password(const std::string& hash, std::string_view password) {
  ensure_sodium();
  return crypto_pwhash_str_verify(hash.c_str(), password.data(), password.size()) == 0;
}

std::string random_password() {
  ensure_sodium();
  static constexpr std::string_view kAlphabet = "abcdefghjkmnpqrstuvwxyz23456789";
  std::string out;
  for (int i = 0; i < 20; ++i)
    out += kAlphabet[randombytes_uniform(static_cast<std::uint32_t>(kAlphabet.size()))];
  return out;
}

bool valid_user_name(std::string_view name) {
  if (name.empty() || name.size() > 64) return false;
  for (char c : name) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
    if (!ok) return false;
  }
  return true;
}

std::string agency_assignment_problem(Role role, std::string_view agency) {
  if (role == Role::agency && agency.empty())
    return "an agency account needs --agency: the agency whose questions it answers, as configured in 'agencies'";
  if (role != Role::agency && !agency.empty())
    return "only agency accounts belong to an agency (--agency is for --role agency)";
  return "";
}

bool valid_password(std::string_view password) { return password.size() >= 8 && password.size() <= 1024; }

}  // namespace votercast::core
