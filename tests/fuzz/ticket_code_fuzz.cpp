// Ticket codes (core/ticket_code.hpp): what a voter types back at /t/{ticket} made canonical,
// and the keyed permutation between codes and question ids, which must be a bijection on
// the 40-bit space whatever code comes in.
// fuzz-links: votercast_core
#include <cctype>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/ticket_code.hpp"
#include "fuzz_check.hpp"

namespace {

using namespace votercast;

constexpr std::string_view kAlphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
const core::TicketCipher::Key kKey = {3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5, 8, 9, 7, 9, 3};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view typed(reinterpret_cast<const char*>(data), size);
  const core::TicketCipher cipher(kKey);

  if (const auto code = core::canonical_ticket_code(typed)) {
    FUZZ_CHECK(code->size() == core::kTicketLength && code->find_first_not_of(kAlphabet) == std::string::npos,
               "not a canonical code: " + *code);
    FUZZ_CHECK(core::canonical_ticket_code(*code) == code, "canonical form is not canonical: " + *code);
    // However it was typed: case, hyphens and spaces do not matter.
    std::string lower;
    for (char c : typed) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    FUZZ_CHECK(core::canonical_ticket_code(lower) == code, "case matters: " + std::string(typed));
    FUZZ_CHECK(core::canonical_ticket_code(code->substr(0, 4) + "-" + code->substr(4)) == code, "the hyphen matters");
    if (const auto id = cipher.id_for(*code)) {  // nullopt only for the one code id 0 would have
      FUZZ_CHECK(*id >= 1 && *id <= core::TicketCipher::kMaxId, std::to_string(*id));
      FUZZ_CHECK(cipher.code_for(*id) == *code, "code -> id -> code is not the code: " + *code);
    }
  } else {
    FUZZ_CHECK(!cipher.id_for(typed), "a text that is no code looked up: " + std::string(typed));
  }

  // The input's first five bytes as an id: id -> code -> id.
  std::int64_t id = 0;
  for (std::size_t i = 0; i < size && i < 5; ++i) id = id << 8 | data[i];
  if (id >= 1) {
    const std::string code = cipher.code_for(id);
    FUZZ_CHECK(core::canonical_ticket_code(code) == code, "a ticket is not canonical: " + code);
    FUZZ_CHECK(cipher.id_for(code) == id, "id -> code -> id is not the id: " + std::to_string(id));
  }
  return 0;
}
