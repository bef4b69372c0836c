#pragma once
// Keys that belong to one database file (and so survive restarts with it).
#include <array>

#include "core/store/database.hpp"
#include "core/ticket_code.hpp"

namespace votercast::core::store {

// The ticket key, created from the CSPRNG the first time. Needs a writable connection.
TicketCipher::Key ensure_ticket_key(Database& db);
// The ticket key of a file where ensure_ticket_key has run; throws otherwise.
TicketCipher::Key load_ticket_key(Database& db);
// The token that lets a graphics system's browser source read the on-air scene
// (/overlay?token=…), made from the CSPRNG the first time (then *made_now is set: the one
// start that may print it). Needs a writable connection.
std::string ensure_overlay_token(Database& db, bool* made_now = nullptr);
// The key that signs voters' device cookies (core/device_token.hpp); made once.
std::array<unsigned char, 32> ensure_device_key(Database& db);

}  // namespace votercast::core::store
