#include "core/store/secret_table.hpp"

#include <cstring>

#include "core/device_token.hpp"
#include "core/users.hpp"

namespace votercast::core::store {
namespace {

constexpr const char* kTicketKey = "ticket_key";

std::optional<TicketCipher::Key> read_key(Database& db) {
  auto& s = db.prepare("SELECT value FROM secrets WHERE name = ?");
  s.bind(1, kTicketKey);
  return s.first([](const Statement& row) -> std::optional<TicketCipher::Key> {
    const auto blob = row.blob(0);
    TicketCipher::Key key;
    if (blob.size() != key.size()) return std::nullopt;
    std::memcpy(key.data(), blob.data(), key.size());
    return key;
  }).value_or(std::nullopt);
}

}  // namespace

TicketCipher::Key ensure_ticket_key(Database& db) {
  if (auto key = read_key(db)) return *key;
  const auto key = TicketCipher::random_key();
  db.prepare("INSERT INTO secrets(name, value) VALUES (?, ?)")
      .bind(1, kTicketKey)
      .bind_blob(2, key.data(), key.size())
      .run();
  return key;
}

std::string ensure_overlay_token(Database& db, bool* made_now) {
  if (made_now) *made_now = false;
  auto& read = db.prepare("SELECT value FROM secrets WHERE name = 'overlay_token'");
  if (auto token = read.first([](const Statement& row) { return std::string(row.blob(0)); })) return *token;
  const auto token = random_password();  // about 99 bits
  db.prepare("INSERT INTO secrets(name, value) VALUES ('overlay_token', ?)").bind_blob(1, token.data(), token.size()).run();
  if (made_now) *made_now = true;
  return token;
}

std::array<unsigned char, 32> ensure_device_key(Database& db) {
  std::array<unsigned char, 32> key;
  auto& read = db.prepare("SELECT value FROM secrets WHERE name = 'device_key'");
  if (auto stored = read.first([](const Statement& row) { return row.blob(0); }); stored && stored->size() == key.size()) {
    std::memcpy(key.data(), stored->data(), key.size());
    return key;
  }
  key = DeviceTokens::random_key();
  db.prepare("INSERT OR REPLACE INTO secrets(name, value) VALUES ('device_key', ?)").bind_blob(1, key.data(), key.size()).run();
  return key;
}

TicketCipher::Key load_ticket_key(Database& db) {
  if (auto key = read_key(db)) return *key;
  throw DatabaseError(0, "the database has no ticket key (it is created when the server first opens the file)");
}

}  // namespace votercast::core::store
