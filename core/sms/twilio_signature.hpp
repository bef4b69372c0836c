#pragma once
// Twilio signs each webhook: X-Twilio-Signature = Base64(HMAC-SHA1(auth token, the full URL
// Twilio called, query string included, followed by each POST field's name and value, the
// fields sorted by name)). https://www.twilio.com/docs/usage/security#validating-requests
#include <string>
#include <string_view>

#include "core/sms/inbound_sms.hpp"

namespace votercast::core::sms {

// `post_fields`: the form body's fields (empty for a GET; its parameters are in the URL).
// std::map keeps them sorted by name byte-wise, the order Twilio signs in.
std::string twilio_signature(std::string_view auth_token, std::string_view full_url, const SmsParams& post_fields);

// Compared in constant time. An empty auth token or signature is never valid.
bool twilio_signature_valid(std::string_view auth_token, std::string_view full_url, const SmsParams& post_fields,
                            std::string_view signature);

}  // namespace votercast::core::sms
