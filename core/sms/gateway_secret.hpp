#pragma once
// Kannel, Jasmin and the short-code aggregators authenticate by a shared secret in the URL or
// a field (Twilio signs instead: twilio_signature.hpp).
#include <string_view>

namespace votercast::core::sms {

// Whether `given` is the configured secret, in time independent of where they differ and of
// their lengths (both are hashed first). An empty configured secret matches nothing: a
// gateway without a secret is closed, not open.
bool gateway_secret_matches(std::string_view configured, std::string_view given);

}  // namespace votercast::core::sms
