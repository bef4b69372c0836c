#include "core/sms/phone_mask.hpp"

#include "core/phone.hpp"

namespace votercast::core::sms {
namespace {

constexpr std::size_t kShownHead = 4;  // "0912": the carrier's prefix, which voters know
constexpr std::size_t kShownTail = 3;

}  // namespace

std::string mask_phone(std::string_view phone) {
  const auto e164 = to_e164(phone);
  if (!e164) return "***";
  std::string shown = *e164;
  if (shown.starts_with("+84")) shown = "0" + shown.substr(3);
  if (shown.size() <= kShownHead + kShownTail) return "***";  // to_e164 never gives one this short
  return shown.substr(0, kShownHead) + std::string(shown.size() - kShownHead - kShownTail, '*') +
         shown.substr(shown.size() - kShownTail);
}

}  // namespace votercast::core::sms
