#pragma once
// Vietnamese short-code aggregators ("8x77" service numbers): the aggregator calls us with the
// MO and we answer each one with an MT that echoes its Request_ID, which is how the
// aggregator matches (and bills) the reply.
//
// Assumed format (the common shape of 8x77 aggregator contracts; there is no public standard,
// so check the partner's own document when connecting one):
//   MO: User_ID (sender, "84912345678"), Service_ID (short code, "8077"), Command_Code (the
//       keyword it routed on, "DT"), Message (the whole text, keyword included), Request_ID
//       (its id for this MO), optional Operator (Viettel, Vinaphone, Mobifone, Vietnamobile …).
//   MT: User_ID, Service_ID, Command_Code, Message, Request_ID echoed from the MO, plus
//       Message_Type (1: the reply to an MO, charged within the MO's tariff; 0: free, e.g. help),
//       Total_Message / Message_Index / IsMore (one part: 1 / 1 / 0), Content_Type (0: text).
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "core/sms/inbound_sms.hpp"

namespace votercast::core::sms {

// Message is UTF-8 (unaccented in practice). Request_ID becomes message_id, Service_ID `to`,
// Command_Code command_code, Operator operator_name.
// Errors: missing_from, missing_to, missing_command_code, missing_text, missing_request_id,
// invalid_from, invalid_encoding, too_long.
InboundSms parse_vn_shortcode(const SmsParams& params, std::int64_t now_ms);

struct ShortcodeMt {
  std::string user_id;
  std::string service_id;
  std::string command_code;
  std::string message;
  std::string request_id;
  int message_type = 1;
  int total_message = 1;
  int message_index = 1;
  int is_more = 0;
  int content_type = 0;

  // In the aggregator's order, named as it names them.
  std::vector<std::pair<std::string, std::string>> fields() const;
  // application/x-www-form-urlencoded: "User_ID=84912345678&Service_ID=8077&…".
  std::string form_body() const;
};

// The MT answering `mo` (which parse_vn_shortcode made): its sender, short code, keyword and
// Request_ID as the aggregator sent them.
ShortcodeMt shortcode_reply(const InboundSms& mo, std::string message);

}  // namespace votercast::core::sms
