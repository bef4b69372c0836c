#include "core/ticket_code.hpp"

#include <gtest/gtest.h>

#include <string_view>
#include <unordered_set>

using votercast::core::canonical_ticket_code;
using votercast::core::kTicketLength;
using votercast::core::TicketCipher;

namespace {
constexpr std::string_view kAlphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
}

TEST(TicketCode, SequentialIdsGiveWellFormedUnrelatedCodesThatMapBack) {
  const TicketCipher cipher(TicketCipher::random_key());
  std::unordered_set<std::string> seen;
  std::unordered_set<char> used;
  int same_prefix = 0;
  std::string previous;
  for (std::int64_t id = 1; id <= 20000; ++id) {
    const std::string code = cipher.code_for(id);
    ASSERT_EQ(code.size(), kTicketLength);
    for (char ch : code) {
      ASSERT_NE(kAlphabet.find(ch), std::string_view::npos) << code;
      used.insert(ch);
    }
    EXPECT_TRUE(seen.insert(code).second) << "duplicate " << code;
    EXPECT_EQ(canonical_ticket_code(code), code);
    ASSERT_EQ(cipher.id_for(code), id) << code;
    if (!previous.empty() && previous.substr(0, 4) == code.substr(0, 4)) ++same_prefix;
    previous = code;
  }
  EXPECT_EQ(used.size(), kAlphabet.size());
  // Neighbouring ids must not give neighbouring codes: by chance, 4 shared leading
  // characters happen once in 2^20 pairs.
  EXPECT_LE(same_prefix, 2);
}

TEST(TicketCode, TheKeyDecides) {
  const TicketCipher a(TicketCipher::random_key()), b(TicketCipher::random_key());
  int equal = 0;
  for (std::int64_t id = 1; id <= 1000; ++id) equal += a.code_for(id) == b.code_for(id);
  EXPECT_EQ(equal, 0);
  TicketCipher::Key fixed{};
  fixed[0] = 7;
  EXPECT_EQ(TicketCipher(fixed).code_for(42), TicketCipher(fixed).code_for(42));
}

TEST(TicketCode, EveryCodeMapsToAnIdAndBackExceptZero) {
  const TicketCipher cipher(TicketCipher::random_key());
  for (const char* code : {"ZZZZZZZZ", "00000001", "7K3M9QZX", "11111111"}) {
    const auto id = cipher.id_for(code);
    if (!id) continue;  // the one code that stands for 0
    EXPECT_GE(*id, 1);
    EXPECT_LE(*id, TicketCipher::kMaxId);
    EXPECT_EQ(cipher.code_for(*id), code);
  }
  EXPECT_EQ(cipher.id_for("7K3M9QZ"), std::nullopt);
  EXPECT_EQ(cipher.id_for("7K3M9QZU"), std::nullopt);
  EXPECT_THROW(cipher.code_for(0), std::out_of_range);
  EXPECT_THROW(cipher.code_for(TicketCipher::kMaxId + 1), std::out_of_range);
}

TEST(TicketCode, CanonicalFormForgivesTyping) {
  EXPECT_EQ(canonical_ticket_code("7k3m-9qzx"), "7K3M9QZX");
  EXPECT_EQ(canonical_ticket_code(" 7K3M 9QZX "), "7K3M9QZX");
  EXPECT_EQ(canonical_ticket_code("IiLl-OoAB"), "111100AB");
  EXPECT_EQ(canonical_ticket_code("o1l2i3O4"), "01121304");
}

TEST(TicketCode, CanonicalFormRejects) {
  for (const char* typed : {"", "7K3M9QZ", "7K3M9QZXA", "7K3M9QZU", "7K3M_9QZX", "7K3M.9QZX", "7K3M9QZ\xC3\x9A",
                            "--------"}) {
    EXPECT_EQ(canonical_ticket_code(typed), std::nullopt) << typed;
  }
}
