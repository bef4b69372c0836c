// Kannel's sms-service calling /sms/kannel?from=%p&to=%P&text=%a&ts=%T&id=%I&smsc=%i&coding=%c&charset=%C
#include <gtest/gtest.h>

#include <string>

#include "core/errors.hpp"
#include "core/sms/idempotency.hpp"
#include "core/sms/kannel.hpp"
#include "core/text.hpp"
#include "shared_data.hpp"
#include "sms_test_support.hpp"

namespace sms = votercast::core::sms;
using votercast::core::DomainError;
using votercast::core::ErrorKind;

namespace {

// What a UCS-2 SMS carries (UTF-16BE bytes).
using votercast::test::sms::utf16be;

constexpr std::int64_t kNow = 1764240000123;

sms::SmsParams kannel_request(const std::string& text) {
  return {{"secret", "s3cret"}, {"from", "84912000111"}, {"to", "8077"},
          {"text", text},       {"ts", "1764239999"},    {"id", "a3f1c2e0-1b7d-4c55-9a61-0d2f3c4b5a69"},
          {"smsc", "viettel"},  {"coding", "0"},         {"charset", "UTF-8"}};
}

std::string error_code(const sms::SmsParams& params) {
  try {
    sms::parse_kannel(params, kNow);
  } catch (const DomainError& e) {
    EXPECT_EQ(e.kind, ErrorKind::invalid_input);
    EXPECT_NE(std::string(e.what()), "");
    return e.code;
  }
  return "(accepted)";
}

}  // namespace

TEST(SmsKannel, Utf8TextOfARealSmsQuestion) {
  std::string text;
  for (const auto& row : read_shared_jsonl("questions.vi.jsonl"))
    if (row.at("channel") == "sms" && row.at("text").get<std::string>().find("hỏi") != std::string::npos)
      text = row.at("text");
  ASSERT_FALSE(text.empty());

  const sms::InboundSms m = sms::parse_kannel(kannel_request(text), kNow);
  EXPECT_EQ(m.gateway, "kannel");
  EXPECT_EQ(m.message_id, "a3f1c2e0-1b7d-4c55-9a61-0d2f3c4b5a69");
  EXPECT_EQ(m.from, "+84912000111");
  EXPECT_EQ(m.from_raw, "84912000111");
  EXPECT_EQ(m.to, "8077");
  EXPECT_EQ(m.text, text);
  EXPECT_EQ(m.connector, "viettel");
  EXPECT_EQ(m.received_at_ms, 1764239999000);
  EXPECT_FALSE(m.operator_name.has_value());
  EXPECT_EQ(sms::idempotency_key(m), "kannel:a3f1c2e0-1b7d-4c55-9a61-0d2f3c4b5a69");
}

TEST(SmsKannel, Utf16BeTextIsDecoded) {
  const std::string text = "DT Đường sá 🚧 hư hỏng, khi nào sửa?";  // an emoji: a surrogate pair
  sms::SmsParams request = kannel_request(utf16be(text));
  request["coding"] = "2";
  request["charset"] = "UTF-16BE";
  EXPECT_EQ(sms::parse_kannel(request, kNow).text, text);

  request.erase("charset");  // Kannel's default for UCS-2 is UTF-16BE too
  EXPECT_EQ(sms::parse_kannel(request, kNow).text, text);
}

TEST(SmsKannel, EveryDatasetQuestionSurvivesUtf16Be) {
  int checked = 0;
  for (const auto& row : read_shared_jsonl("questions.vi.jsonl")) {
    const std::string text = row.at("text");
    sms::SmsParams request = kannel_request(utf16be(text));
    request["coding"] = "2";
    request["charset"] = "UTF-16BE";
    EXPECT_EQ(sms::parse_kannel(request, kNow).text, votercast::core::text::normalize(text, true)) << text;
    ++checked;
  }
  EXPECT_GE(checked, 20);
}

TEST(SmsKannel, TextWithoutDiacriticsAndNoCharset) {
  sms::SmsParams request = kannel_request("DT duong DT743 doan Hoa Phu nhieu o ga qua, bao gio sua chua?");
  request.erase("charset");
  request.erase("coding");
  EXPECT_EQ(sms::parse_kannel(request, kNow).text, "DT duong DT743 doan Hoa Phu nhieu o ga qua, bao gio sua chua?");
}

TEST(SmsKannel, Latin1AndWindows1252Charsets) {
  sms::SmsParams request = kannel_request(
      "Caf\xE9 \xA3"
      "5");
  request["charset"] = "ISO-8859-1";
  EXPECT_EQ(sms::parse_kannel(request, kNow).text, "Café £5");

  request["text"] = "\x93Hi\x94 \x80";
  request["charset"] = "WINDOWS-1252";
  EXPECT_EQ(sms::parse_kannel(request, kNow).text, "“Hi” €");
}

TEST(SmsKannel, BrokenUtf16BeIsRefused) {
  sms::SmsParams request = kannel_request("");
  request["coding"] = "2";
  request["charset"] = "UTF-16BE";
  request["text"] = std::string("\x00H\x00", 3);  // odd length
  EXPECT_EQ(error_code(request), "invalid_encoding");
  request["text"] = std::string("\x00H\xD8\x3D\x00i", 6);  // high surrogate, then no low one
  EXPECT_EQ(error_code(request), "invalid_encoding");
  request["text"] = std::string("\x00H\xDE\xA7", 4);  // low surrogate alone
  EXPECT_EQ(error_code(request), "invalid_encoding");
  request["text"] = std::string("\x00H\xD8\x3D", 4);  // high surrogate at the end
  EXPECT_EQ(error_code(request), "invalid_encoding");
}

TEST(SmsKannel, InvalidUtf8IsRefused) {
  sms::SmsParams request = kannel_request("Caf\xE9");
  EXPECT_EQ(error_code(request), "invalid_encoding");
  request.erase("charset");
  EXPECT_EQ(error_code(request), "invalid_encoding");
}

TEST(SmsKannel, MissingFieldsAreNamed) {
  for (const auto& [field, code] :
       {std::pair{"from", "missing_from"}, {"to", "missing_to"}, {"text", "missing_text"}}) {
    sms::SmsParams request = kannel_request("DT hoi");
    request.erase(field);
    EXPECT_EQ(error_code(request), code) << field;
    request[field] = "";
    EXPECT_EQ(error_code(request), code) << field << " empty";
  }
  EXPECT_EQ(error_code(kannel_request(" \t ")), "missing_text");
}

TEST(SmsKannel, WhatIsNotAVoterIsRefused) {
  sms::SmsParams request = kannel_request("Khuyen mai 50%");
  request["from"] = "Viettel";
  EXPECT_EQ(error_code(request), "invalid_from");

  request = kannel_request("\x01\x02");
  request["coding"] = "1";
  EXPECT_EQ(error_code(request), "unsupported_coding");
  request["coding"] = "seven";
  EXPECT_EQ(error_code(request), "invalid_coding");

  request = kannel_request("DT hoi");
  request["charset"] = "NO-SUCH-CHARSET";
  EXPECT_EQ(error_code(request), "unsupported_charset");
}

TEST(SmsKannel, LongerThanAThousandCharactersIsTooLong) {
  const std::string thousand(1000, 'a');
  EXPECT_EQ(sms::parse_kannel(kannel_request(thousand), kNow).text.size(), 1000u);
  EXPECT_EQ(error_code(kannel_request(thousand + "b")), "too_long");

  std::string vietnamese;  // 1000 characters of 2 and 3 bytes each fit; one more does not
  for (int i = 0; i < 500; ++i) vietnamese += "đư";
  EXPECT_EQ(votercast::core::text::length_chars(sms::parse_kannel(kannel_request(vietnamese), kNow).text), 1000u);
  EXPECT_EQ(error_code(kannel_request(vietnamese + "ờ")), "too_long");

  for (const auto& row : read_shared_jsonl("adversarial.jsonl")) {
    if (!row.contains("text_repeat")) continue;
    std::string joined;  // a long concatenated message, as Kannel joins the parts
    for (int i = 0; i < row.at("repeat").get<int>(); ++i) joined += row.at("text_repeat").get<std::string>();
    sms::SmsParams request = kannel_request(utf16be(joined));
    request["coding"] = "2";
    request["charset"] = "UTF-16BE";
    EXPECT_EQ(error_code(request), "too_long");
  }
}

TEST(SmsKannel, WithoutAnIdTheIdIsAStableHash) {
  sms::SmsParams request = kannel_request("DT xin hoi bao gio co nuoc sach ve ap 5 xa Minh Hoa");
  request.erase("id");
  const std::string id = sms::parse_kannel(request, kNow).message_id;
  EXPECT_EQ(id.size(), 33u);
  EXPECT_EQ(id.front(), 'k');
  EXPECT_EQ(sms::parse_kannel(request, kNow + 5000).message_id, id) << "a repeated delivery keeps its id";
  request["id"] = "";
  EXPECT_EQ(sms::parse_kannel(request, kNow).message_id, id);

  for (const auto& [field, value] : {std::pair{"text", "DT xin hoi bao gio co nuoc sach ve ap 6 xa Minh Hoa"},
                                     {"ts", "1764240001"},
                                     {"from", "0987000222"},
                                     {"smsc", "mobifone"}}) {
    sms::SmsParams other = request;
    other[field] = value;
    EXPECT_NE(sms::parse_kannel(other, kNow).message_id, id) << field;
  }
}

TEST(SmsKannel, MissingOrBadTimestampMeansNow) {
  sms::SmsParams request = kannel_request("DT hoi");
  request["ts"] = "yesterday";
  EXPECT_EQ(sms::parse_kannel(request, kNow).received_at_ms, kNow);
  request.erase("ts");
  EXPECT_EQ(sms::parse_kannel(request, kNow).received_at_ms, kNow);
}
