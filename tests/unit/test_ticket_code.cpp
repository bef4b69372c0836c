#include "core/ticket_code.hpp"

#include <gtest/gtest.h>

#include <string_view>
#include <unordered_set>

using votercast::core::canonical_ticket_code;
using votercast::core::kTicketLength;
using votercast::core::new_ticket_code;

namespace {
constexpr std::string_view kAlphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
}

TEST(TicketCode, GeneratedCodesAreWellFormedAndUnique) {
  std::unordered_set<std::string> seen;
  std::unordered_set<char> used;
  for (int i = 0; i < 10000; ++i) {
    const std::string code = new_ticket_code();
    ASSERT_EQ(code.size(), kTicketLength);
    for (char ch : code) {
      ASSERT_NE(kAlphabet.find(ch), std::string_view::npos) << code;
      used.insert(ch);
    }
    EXPECT_TRUE(seen.insert(code).second) << "duplicate " << code;
    EXPECT_EQ(canonical_ticket_code(code), code);
  }
  EXPECT_EQ(used.size(), kAlphabet.size());  // 80,000 draws reach every symbol
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
