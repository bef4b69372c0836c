#pragma once
// Phone numbers for staff without the right to see them: enough to tell two voters apart and
// to recognize one's own, not enough to call.
#include <string>
#include <string_view>

namespace votercast::core::sms {

// In national format with the middle masked: "+84912345678", "0912 345 678" and "84912345678"
// all become "0912***678"; a landline "+842743822123" becomes "0274****123"; other countries
// keep E.164 ("+120*****143"). What is not a phone number becomes "***".
std::string mask_phone(std::string_view phone);

}  // namespace votercast::core::sms
