#pragma once
// The staff JSON of a caller. The phone number is masked ("0912***678") for
// staff whose role may not see numbers.
#include <string>

#include "core/caller.hpp"

namespace votercast::core {

enum class PhoneView { full, masked };

std::string caller_json_text(const Caller& c, PhoneView phones);

}  // namespace votercast::core
