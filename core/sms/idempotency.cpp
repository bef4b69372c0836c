#include "core/sms/idempotency.hpp"

namespace votercast::core::sms {

std::string idempotency_key(const InboundSms& sms) {
  std::string key = sms.gateway;
  key += ':';
  key += sms.message_id;
  return key;
}

}  // namespace votercast::core::sms
