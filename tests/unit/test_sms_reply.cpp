// The reply to a voter's SMS: one SMS, GSM-7 when it can be.
#include <gtest/gtest.h>
#include <unicode/utf8.h>

#include <functional>
#include <string>

#include "core/errors.hpp"
#include "core/sms/gsm7.hpp"
#include "core/sms/sms_reply.hpp"
#include "core/sms/unaccented.hpp"
#include "core/text.hpp"
#include "shared_data.hpp"

namespace sms = votercast::core::sms;
namespace text = votercast::core::text;
using votercast::core::DomainError;

namespace {

const sms::ReplyValues kValues = {{"ticket", "7KQ2M9XD"}, {"url", "https://hoidap.example.vn"}};

std::string error_code(const std::function<void()>& f) {
  try {
    f();
  } catch (const DomainError& e) {
    return e.code;
  }
  return "(accepted)";
}

}  // namespace

TEST(SmsGsm7, AlphabetAndExtensionTable) {
  EXPECT_TRUE(sms::is_gsm7("Cam on ban. Ma cau hoi: 7KQ2M9XD @ $ _ ! \"#%&'()*+,-./:;<=>?\n\r"));
  EXPECT_TRUE(sms::is_gsm7("é è à ù ì ò Ç Ø å Ä ß É ¿ ¡ £ ¥ § Δ Ω"));  // in the default alphabet
  EXPECT_TRUE(sms::is_gsm7("^{}\\[~]|€"));
  EXPECT_FALSE(sms::is_gsm7("`"));
  EXPECT_FALSE(sms::is_gsm7("\t"));
  EXPECT_FALSE(sms::is_gsm7("Cam ơn"));
  EXPECT_FALSE(sms::is_gsm7("á"));
  EXPECT_FALSE(sms::is_gsm7("đ"));
  EXPECT_FALSE(sms::is_gsm7("“quoted”"));

  EXPECT_EQ(sms::sms_units("abc"), 3u);
  EXPECT_EQ(sms::sms_units("€"), 2u);
  EXPECT_EQ(sms::sms_units("a[b]"), 6u);
  EXPECT_EQ(sms::sms_units("ả"), 1u);
  EXPECT_EQ(sms::sms_units("ả😡"), 3u);  // an emoji is a surrogate pair in UCS-2
  EXPECT_EQ(sms::sms_encoding("€"), sms::SmsEncoding::gsm7);
  EXPECT_EQ(sms::sms_encoding("ả"), sms::SmsEncoding::ucs2);
  EXPECT_EQ(error_code([] { sms::sms_units("\xC3"); }), "invalid_encoding");
}

TEST(SmsGsm7, TheAlphabetHas127CharactersAndTheExtensionTable9) {
  int one_septet = 0, two_septets = 0;
  for (UChar32 c = 0; c <= 0xFFFF; ++c) {
    if (U_IS_SURROGATE(c)) continue;
    char buf[U8_MAX_LENGTH];
    int32_t length = 0;
    U8_APPEND_UNSAFE(buf, length, c);
    const std::string s(buf, static_cast<std::size_t>(length));
    if (!sms::is_gsm7(s)) continue;
    (sms::sms_units(s) == 1 ? one_septet : two_septets) += 1;
  }
  EXPECT_EQ(one_septet, 127);  // 128 codes, one of them the escape to the extension table
  EXPECT_EQ(two_septets, 9);
}

TEST(SmsGsm7, LengthLimits) {
  EXPECT_TRUE(sms::fits_one_sms(std::string(160, 'a')));
  EXPECT_FALSE(sms::fits_one_sms(std::string(161, 'a')));
  EXPECT_TRUE(sms::fits_one_sms(std::string(158, 'a') + "€"));
  EXPECT_FALSE(sms::fits_one_sms(std::string(159, 'a') + "€"));  // € counts two
  EXPECT_FALSE(sms::fits_one_sms(std::string(159, 'a') + "]"));
  EXPECT_TRUE(sms::fits_one_sms(std::string(159, 'a') + "é"));  // é is in the alphabet

  // One Vietnamese diacritic turns the whole text UCS-2: 70, not 160.
  EXPECT_FALSE(sms::fits_one_sms(std::string(70, 'a') + "ả"));
  EXPECT_TRUE(sms::fits_one_sms(std::string(69, 'a') + "ả"));
  EXPECT_EQ(sms::sms_units(std::string(69, 'a') + "ả"), 70u);
  EXPECT_FALSE(sms::fits_one_sms(std::string(68, 'a') + "ả😡"));
  EXPECT_TRUE(sms::fits_one_sms(std::string(67, 'a') + "ả😡"));
  EXPECT_TRUE(sms::fits_one_sms(""));
}

TEST(SmsGsm7, TruncationNeverSplitsACharacter) {
  EXPECT_EQ(sms::truncate_to_one_sms(std::string(200, 'a')), std::string(160, 'a'));
  EXPECT_EQ(sms::truncate_to_one_sms(std::string(159, 'a') + "€b"), std::string(159, 'a'));
  EXPECT_EQ(sms::truncate_to_one_sms(std::string(150, 'a') + "ả"), std::string(150, 'a'));  // GSM-7 prefix is longer
  EXPECT_EQ(sms::truncate_to_one_sms(std::string(69, 'a') + "😡b"), std::string(69, 'a'));   // not half an emoji
  EXPECT_EQ(sms::truncate_to_one_sms("ả" + std::string(100, 'a')), "ả" + std::string(69, 'a'));
  std::string vietnamese;
  for (int i = 0; i < 50; ++i) vietnamese += "ườ";
  const std::string cut = sms::truncate_to_one_sms(vietnamese);
  EXPECT_TRUE(text::is_valid_utf8(cut));
  EXPECT_EQ(text::length_chars(cut), 70u);
}

// Found by tests/fuzz/sms_text_fuzz.cpp: the cut stopped reading at the first character that
// did not fit, so invalid UTF-8 after it passed, though the header promises a refusal.
TEST(SmsGsm7, InvalidUtf8PastTheCutIsRefusedToo) {
  EXPECT_EQ(error_code([] { sms::truncate_to_one_sms(std::string(200, 'a') + "\xC3"); }), "invalid_encoding");
  EXPECT_EQ(error_code([] { sms::truncate_to_one_sms("\xFF"); }), "invalid_encoding");
}

TEST(SmsReply, StripDiacritics) {
  EXPECT_EQ(sms::strip_diacritics("Cảm ơn bạn! Đường ĐT743 đã được ghi nhận, HỎI ĐÁP"),
            "Cam on ban! Duong DT743 da duoc ghi nhan, HOI DAP");
  EXPECT_EQ(sms::strip_diacritics("Ho\xCC\x89i"), "Hoi");  // decomposed input too
  EXPECT_EQ(sms::strip_diacritics("ư ơ ă â ê ô Ư Ơ Ă Â Ê Ô"), "u o a a e o U O A A E O");
  EXPECT_EQ(sms::strip_diacritics("a+b=c 🚧 — ★"), "a+b=c 🚧 — ★");
  for (const auto& row : read_shared_jsonl("questions.vi.jsonl")) {
    const std::string original = row.at("text");
    const std::string bare = sms::strip_diacritics(original);
    EXPECT_EQ(text::fold_key(bare), text::fold_key(original)) << original;
    EXPECT_EQ(text::length_chars(bare), text::length_chars(original)) << original;  // one letter for one letter
  }
}

TEST(SmsReply, FullFormWhenItFits) {
  const sms::SmsReply reply = sms::compose_sms_reply({sms::kTicketReply, sms::kTicketReplyShort}, kValues);
  EXPECT_EQ(reply.text, "Cam on ban. Ma cau hoi: 7KQ2M9XD. Theo doi tai https://hoidap.example.vn/t/7KQ2M9XD");
  EXPECT_EQ(reply.form, 0u);
  EXPECT_FALSE(reply.truncated);
  EXPECT_EQ(reply.encoding, sms::SmsEncoding::gsm7);
  EXPECT_EQ(reply.units, reply.text.size());
}

TEST(SmsReply, ShorterFormWhenTheUrlIsTooLong) {
  sms::ReplyValues values = kValues;
  values["url"] =
      "https://doi-thoai-voi-cu-tri.hoi-dong-nhan-dan.tinh-binh-duong.example.gov.vn/chuong-trinh-truyen-hinh/2026";
  ASSERT_GT(sms::sms_units(sms::fill_reply_template(sms::kTicketReply, values)), 160u);
  const sms::SmsReply reply = sms::compose_sms_reply({sms::kTicketReply, sms::kTicketReplyShort}, values);
  EXPECT_EQ(reply.text, "Cam on ban. Ma cau hoi: 7KQ2M9XD");
  EXPECT_EQ(reply.form, 1u);
  EXPECT_FALSE(reply.truncated);
}

TEST(SmsReply, AccentedTemplateIsStrippedByDefault) {
  const std::vector<std::string_view> forms = {"Cảm ơn bạn. Mã câu hỏi: {ticket}. Theo dõi tại {url}/t/{ticket}"};
  const sms::SmsReply plain = sms::compose_sms_reply(forms, kValues);
  EXPECT_EQ(plain.text, "Cam on ban. Ma cau hoi: 7KQ2M9XD. Theo doi tai https://hoidap.example.vn/t/7KQ2M9XD");
  EXPECT_EQ(plain.encoding, sms::SmsEncoding::gsm7);

  // Kept accented it is UCS-2, and 82 characters do not fit 70: cut, at a character.
  const sms::SmsReply accented = sms::compose_sms_reply(forms, kValues, {.strip_diacritics = false});
  EXPECT_TRUE(accented.truncated);
  EXPECT_EQ(accented.encoding, sms::SmsEncoding::ucs2);
  EXPECT_LE(accented.units, 70u);
  EXPECT_TRUE(text::is_valid_utf8(accented.text));
  EXPECT_TRUE(accented.text.starts_with("Cảm ơn bạn. Mã câu hỏi: 7KQ2M9XD. Theo dõi tại https://"));
}

TEST(SmsReply, LastFormIsTruncatedWhenNothingFits) {
  sms::ReplyValues values = kValues;
  values["ticket"] = std::string(200, 'X');
  const sms::SmsReply reply = sms::compose_sms_reply({sms::kTicketReply, sms::kTicketReplyShort}, values);
  EXPECT_TRUE(reply.truncated);
  EXPECT_EQ(reply.form, 1u);
  EXPECT_EQ(reply.units, 160u);
  EXPECT_EQ(reply.text, "Cam on ban. Ma cau hoi: " + std::string(136, 'X'));
}

TEST(SmsReply, TemplateMistakesAreReported) {
  EXPECT_EQ(sms::fill_reply_template("{a}{b} {x {} {c-d} }", {{"a", "1"}, {"b", "{a}"}}), "1{a} {x {} {c-d} }");
  EXPECT_EQ(error_code([] { sms::fill_reply_template("Ma: {tiket}", kValues); }), "reply_template_invalid");
  EXPECT_EQ(error_code([] { sms::compose_sms_reply({}, kValues); }), "reply_template_missing");
}
