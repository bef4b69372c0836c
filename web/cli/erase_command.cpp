#include "web/cli/erase_command.hpp"

#include <iostream>
#include <stdexcept>

#include "core/desk/voter_erasure.hpp"
#include "core/phone.hpp"
#include "core/sms/phone_mask.hpp"
#include "core/store/secret_table.hpp"
#include "core/ticket_code.hpp"

namespace votercast::web {

int erase_command(const std::string& db_path, const std::string& phone, const std::string& ticket) {
  core::ErasureRequest request;
  std::optional<std::string> code;
  if (!phone.empty()) {
    request.phone = core::to_e164(phone);  // as intake stored it
    if (!request.phone) {
      std::cerr << "votercast: '" << phone << "' không phải số điện thoại (not a phone number)\n";
      return 2;
    }
  } else {
    code = core::canonical_ticket_code(ticket);
    if (!code) {
      std::cerr << "votercast: '" << ticket << "' không phải mã phiếu (not a ticket code)\n";
      return 2;
    }
  }
  core::ErasureResult result;
  try {
    core::ErasurePlan plan;
    {
      // The scans run here, on a read connection: the server's writer is not held up.
      core::store::Database reader(db_path, core::store::Database::Mode::read_only);
      if (code) {
        const core::TicketCipher tickets(core::store::load_ticket_key(reader));
        request.question_id = tickets.id_for(*code);
      }
      if (!code || request.question_id) plan = core::plan_erasure(reader, request);
    }
    // Then through the writer, like `user add`: it waits its turn behind the server's writer.
    core::store::GroupCommitWriter writer(db_path, core::store::Durability::full);
    writer.run([&](core::store::WriteContext& ctx) { result = core::erase_voter(ctx, plan, "cli"); });
  } catch (const std::exception& e) {
    std::cerr << "votercast: xoá dữ liệu thất bại (erase failed): " << e.what() << "\n";
    return 1;
  }
  const auto who = code ? "phiếu " + *code : "số " + core::sms::mask_phone(*request.phone);
  if (!result.found) {
    std::cerr << "votercast: không tìm thấy dữ liệu của " << who << " (nothing found)\n";
    return 1;
  }
  const auto& c = result.counts;
  std::cout << "votercast: đã xoá dữ liệu cá nhân của " << who << ": " << c.questions << " câu hỏi, " << c.callers
            << " cuộc gọi, " << c.poll_votes << " phiếu bình chọn, " << c.outbox_numbers << " tin nhắn đi ("
            << c.outbox_cancelled << " huỷ gửi), " << c.events << " sự kiện\n";
  return 0;
}

}  // namespace votercast::web
