#pragma once
// Staff without the right to see phone numbers get them masked ("0912***678")
// wherever they appear in what the server sends: questions, callers, events.
#include <string>
#include <string_view>

namespace votercast::core {

// The same JSON with every non-empty "phone" string member masked, at any depth.
// Returns the text unchanged (without parsing it) when it holds no such number.
std::string mask_phone_fields(std::string_view json_text);

}  // namespace votercast::core
