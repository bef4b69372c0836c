#include "core/phone_privacy.hpp"

#include <nlohmann/json.hpp>

#include "core/sms/phone_mask.hpp"

namespace votercast::core {
namespace {

constexpr std::string_view kPhoneKey = "\"phone\":\"";

bool holds_a_number(std::string_view text) {
  for (auto at = text.find(kPhoneKey); at != std::string_view::npos; at = text.find(kPhoneKey, at + 1)) {
    const auto value = at + kPhoneKey.size();
    if (value < text.size() && text[value] != '"') return true;
  }
  return false;
}

void mask(nlohmann::json& j) {
  if (j.is_array()) {
    for (auto& item : j) mask(item);
    return;
  }
  if (!j.is_object()) return;
  bool masked = false;
  for (auto it = j.begin(); it != j.end(); ++it) {
    if (it.key() == "phone" && it->is_string()) {
      const auto& phone = it->get_ref<const std::string&>();
      // A number masked before (the log keeps them masked) stays as it is.
      if (!phone.empty() && phone.find('*') == std::string::npos) *it = sms::mask_phone(phone), masked = true;
    } else {
      mask(*it);
    }
  }
  if (masked && j.contains("phone_masked")) j["phone_masked"] = true;
}

}  // namespace

std::string mask_phone_fields(std::string_view json_text) {
  if (!holds_a_number(json_text)) return std::string(json_text);
  auto j = nlohmann::json::parse(json_text, nullptr, false);
  if (j.is_discarded()) return std::string(json_text);
  mask(j);
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace votercast::core
