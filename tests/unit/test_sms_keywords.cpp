// The keyword at the start of an SMS: DT, dt, Đt, HỎI, hoi: …
#include <gtest/gtest.h>

#include <string>

#include "core/errors.hpp"
#include "core/sms/keywords.hpp"
#include "core/text.hpp"
#include "shared_data.hpp"

namespace sms = votercast::core::sms;
using votercast::core::DomainError;

namespace {

std::string error_code(std::vector<sms::KeywordTable::Entry> entries) {
  try {
    sms::KeywordTable table(std::move(entries), sms::UnknownKeywordRule::accept);
  } catch (const DomainError& e) {
    return e.code;
  }
  return "(accepted)";
}

}  // namespace

TEST(SmsKeywords, KeywordVariantsMatch) {
  const sms::KeywordTable table = sms::KeywordTable::defaults();
  const struct {
    const char* text;
    const char* keyword;
    const char* rest;
  } cases[] = {
      {"DT Đường ĐT743 xuống cấp", "DT", "Đường ĐT743 xuống cấp"},
      {"dt duong DT743 xuong cap", "DT", "duong DT743 xuong cap"},
      {"Đt đường ĐT743 xuống cấp", "DT", "đường ĐT743 xuống cấp"},
      {"ĐT: đường ĐT743", "DT", "đường ĐT743"},
      {"HỎI khi nào có nước sạch?", "HOI", "khi nào có nước sạch?"},
      {"hỏi khi nào có nước sạch?", "HOI", "khi nào có nước sạch?"},
      {"hoi: khi nao co nuoc sach?", "HOI", "khi nao co nuoc sach?"},
      {"Hoi - khi nao co nuoc sach?", "HOI", "khi nao co nuoc sach?"},
      {"  HOI,\tkhi nao", "HOI", "khi nao"},
      {"Ho\xCC\x89i khi nào", "HOI", "khi nào"},                            // decomposed hỏi (NFD)
      {"DT \"Đường ĐT743\" xuống cấp", "DT", "\"Đường ĐT743\" xuống cấp"},  // the quote is the voter's
      {"DT (hỏi) đường", "DT", "(hỏi) đường"},
      {"DT 'hỏi' đường", "DT", "'hỏi' đường"},
      {"DT – «đường»", "DT", "«đường»"},
      {"DT", "DT", ""},
      {"dt.", "DT", ""},
      {"DT\nđường\nxấu", "DT", "đường\nxấu"},
  };
  for (const auto& c : cases) {
    const sms::KeywordMatch m = table.match(c.text);
    EXPECT_EQ(m.action, sms::SmsAction::question) << c.text;
    EXPECT_EQ(m.keyword, c.keyword) << c.text;
    EXPECT_EQ(m.rest, c.rest) << c.text;
  }
  const sms::KeywordMatch vote = table.match("bc 2");
  EXPECT_EQ(vote.action, sms::SmsAction::poll_vote);
  EXPECT_EQ(vote.keyword, "BC");
  EXPECT_EQ(vote.rest, "2");
}

TEST(SmsKeywords, WordsThatOnlyLookLikeAKeywordDoNot) {
  const sms::KeywordTable table = sms::KeywordTable::defaults();
  // Folding makes "Hội" HOI, but written with its own diacritics it is not the keyword.
  for (const char* text : {"Hội đồng nhân dân tỉnh có kế hoạch gì?", "DT743 xuống cấp", "DTđường", "Hồi nào sửa?",
                           "Đường ĐT743", "#DT đường"}) {
    const sms::KeywordMatch m = table.match(text);
    EXPECT_EQ(m.action, sms::SmsAction::question) << text;
    EXPECT_EQ(m.keyword, "") << text;
    EXPECT_EQ(m.rest, text) << text;
  }
}

TEST(SmsKeywords, UnknownKeywordFollowsTheRule) {
  const std::string text = "XYZ đường ĐT743   xuống cấp";
  const sms::KeywordTable accept({{"DT", sms::SmsAction::question}}, sms::UnknownKeywordRule::accept);
  const sms::KeywordMatch accepted = accept.match(text);
  EXPECT_EQ(accepted.action, sms::SmsAction::question);
  EXPECT_EQ(accepted.keyword, "");
  EXPECT_EQ(accepted.rest, "XYZ đường ĐT743 xuống cấp");

  const sms::KeywordTable help({{"DT", sms::SmsAction::question}}, sms::UnknownKeywordRule::help);
  const sms::KeywordMatch helped = help.match(text);
  EXPECT_EQ(helped.action, sms::SmsAction::help);
  EXPECT_EQ(helped.keyword, "");
  EXPECT_EQ(help.match("dt đường").action, sms::SmsAction::question);
  EXPECT_EQ(help.match("").action, sms::SmsAction::help);
  EXPECT_EQ(help.unknown_rule(), sms::UnknownKeywordRule::help);
}

TEST(SmsKeywords, EveryDatasetSmsHasItsKeywordStripped) {
  const sms::KeywordTable table = sms::KeywordTable::defaults();
  int sms_rows = 0;
  for (const auto& row : read_shared_jsonl("questions.vi.jsonl")) {
    const std::string text = row.at("text");
    const sms::KeywordMatch m = table.match(text);
    if (row.at("channel") == "sms") {
      ++sms_rows;
      EXPECT_EQ(m.keyword, "DT") << text;
      EXPECT_EQ(m.rest, votercast::core::text::normalize(text.substr(3))) << text;
    }
    // Any question with a keyword in front is the same question.
    const sms::KeywordMatch prefixed = table.match("HOI " + text);
    EXPECT_EQ(prefixed.keyword, "HOI");
    EXPECT_EQ(prefixed.rest, votercast::core::text::normalize(text, true)) << text;
  }
  EXPECT_GE(sms_rows, 5);
}

TEST(SmsKeywords, BadTablesAreRefused) {
  EXPECT_EQ(error_code({{"hai tu", sms::SmsAction::question}}), "keyword_invalid");
  EXPECT_EQ(error_code({{"", sms::SmsAction::question}}), "keyword_invalid");
  EXPECT_EQ(error_code({{"?!", sms::SmsAction::question}}), "keyword_invalid");
  EXPECT_EQ(error_code({{"HOI", sms::SmsAction::question}, {"hỏi", sms::SmsAction::help}}), "keyword_duplicate");
  EXPECT_EQ(error_code({{"HOI", sms::SmsAction::question, {"hát"}}}), "keyword_invalid");
  EXPECT_EQ(error_code({{"HOI", sms::SmsAction::question, {"hỏi", "hơi"}}}), "(accepted)");
}

TEST(SmsKeywords, InvalidUtf8IsRefused) {
  try {
    sms::KeywordTable::defaults().match("DT \xFF");
    FAIL() << "accepted invalid UTF-8";
  } catch (const DomainError& e) {
    EXPECT_EQ(e.code, "invalid_encoding");
  }
}
