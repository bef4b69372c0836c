#include "core/text.hpp"

#include <gtest/gtest.h>

#include "shared_data.hpp"
#include <nlohmann/json.hpp>
#include <unicode/normalizer2.h>
#include <unicode/unistr.h>

#include <fstream>
#include <random>
#include <string>
#include <vector>

namespace text = votercast::core::text;

namespace {


nlohmann::json adversarial(const std::string& why_prefix) {
  for (const auto& row : read_shared_jsonl("adversarial.jsonl")) {
    if (row.at("why").get<std::string>().starts_with(why_prefix)) return row;
  }
  ADD_FAILURE() << "no adversarial case starting with " << why_prefix;
  return {};
}

std::string icu_normalize(const std::string& s, bool decompose) {
  UErrorCode err = U_ZERO_ERROR;
  const icu::Normalizer2* n =
      decompose ? icu::Normalizer2::getNFDInstance(err) : icu::Normalizer2::getNFCInstance(err);
  const icu::UnicodeString out = n->normalize(icu::UnicodeString::fromUTF8(s), err);
  EXPECT_TRUE(U_SUCCESS(err));
  std::string utf8;
  return out.toUTF8String(utf8);
}

bool has_code_point_below_space(const std::string& s) {
  for (unsigned char ch : s) {
    if (ch < 0x20) return true;
  }
  return false;
}

}  // namespace

TEST(Text, EveryQuestionNormalizesToNfcAndIsIdempotent) {
  const auto rows = read_shared_jsonl("questions.vi.jsonl");
  ASSERT_GE(rows.size(), 20u);
  for (const auto& row : rows) {
    const std::string raw = row.at("text");
    const std::string once = text::normalize(raw);
    EXPECT_EQ(once, icu_normalize(once, false)) << raw;
    EXPECT_EQ(text::normalize(once), once) << raw;
    EXPECT_EQ(text::normalize(once, true), once) << raw;
    EXPECT_LE(text::length_chars(once), text::kMaxInputChars);
  }
}

TEST(Text, DecomposedTwinNormalizesToNfc) {
  const std::string nfc = adversarial("decomposed").at("text_nfd_of");
  const std::string nfd = icu_normalize(nfc, true);
  ASSERT_NE(nfd, nfc);
  EXPECT_EQ(text::normalize(nfd), nfc);
  EXPECT_EQ(text::fold_key(nfd), text::fold_key(nfc));
  EXPECT_EQ(text::near_duplicate_key(nfd), text::near_duplicate_key(nfc));
}

TEST(Text, ControlCharactersAreRemoved) {
  const std::string raw = adversarial("control").at("text");
  ASSERT_TRUE(has_code_point_below_space(raw));
  const std::string out = text::normalize(raw);
  EXPECT_FALSE(has_code_point_below_space(out));
  EXPECT_EQ(out, "Câuhỏicóký tự điều khiển");
}

TEST(Text, BidiOverrideIsRemoved) {
  const std::string out = text::normalize(adversarial("right-to-left").at("text").get<std::string>());
  EXPECT_EQ(out, "Câu hỏi gnal evil thử");
  EXPECT_EQ(text::normalize("a\u2066b\u2069c\u202Ad\u200Fe"), "abcde");
}

TEST(Text, OtherFormatCharactersAreRemoved) {
  EXPECT_EQ(text::normalize("\uFEFFsửa\u200Bđường\u00AD"), "sửađường");
  EXPECT_EQ(text::normalize("e\u200B\u0301"), "é");  // the mark composes once the ZWSP is gone
}

TEST(Text, EmptyAfterTrimming) {
  EXPECT_EQ(text::normalize(adversarial("empty").at("text").get<std::string>()), "");
  EXPECT_EQ(text::normalize(adversarial("empty").at("text").get<std::string>(), true), "");
  EXPECT_EQ(text::normalize(""), "");
}

TEST(Text, EmojiSurvive) {
  const std::string raw = adversarial("emoji").at("text");
  EXPECT_EQ(text::normalize(raw), raw);
  const std::string family = "gia đình 👨\u200D👩\u200D👧 vui";  // ZWJ sequence stays whole
  EXPECT_EQ(text::normalize(family), family);
}

TEST(Text, InjectionLookingTextIsStoredVerbatim) {
  for (const char* why : {"html", "pango", "SQL"}) {
    const std::string raw = adversarial(why).at("text");
    EXPECT_EQ(text::normalize(raw), raw) << why;
  }
}

TEST(Text, VeryLongTextExceedsTheLimit) {
  const auto row = adversarial("very long");
  std::string raw;
  for (int i = 0; i < row.at("repeat").get<int>(); ++i) raw += row.at("text_repeat").get<std::string>();
  EXPECT_GT(text::length_chars(text::normalize(raw)), text::kMaxInputChars);
}

TEST(Text, WhitespaceCollapsesAndTrims) {
  EXPECT_EQ(text::normalize("  a \t\u00A0 b\u3000c\u2028d  "), "a b c d");
  EXPECT_EQ(text::normalize("  plain   ascii  "), "plain ascii");
  EXPECT_EQ(text::normalize("dòng 1 \r\n  dòng 2\n\n\n\ndòng 3\n"), "dòng 1 dòng 2 dòng 3");
  EXPECT_EQ(text::normalize("dòng 1 \r\n  dòng 2\n\n\n\ndòng 3\n", true), "dòng 1\ndòng 2\n\ndòng 3");
}

TEST(Text, NormalizeIsIdempotentOnMixedInput) {
  // Pieces chosen to interact: marks after removed or collapsed characters, ZWJ next to emoji,
  // compatibility spaces, CR/LF, bidi controls, decomposed Vietnamese.
  const std::vector<std::string> pieces = {"a", "Đ", "ư", "e", "\u0301", "\u0323", "\u031B", " ", "\t", "\r\n", "\n",
                                           "\u00A0", "\u2028", "\u200B", "\u200D", "\u202E", "\uFEFF", "\x07",
                                           "\u00AD", "😀", "👩", "\uFE0F", "🏽", "★", "ﬁ", "Ａ", "?", "743"};
  std::mt19937 rng(743);
  std::uniform_int_distribution<std::size_t> pick(0, pieces.size() - 1);
  for (int round = 0; round < 5000; ++round) {
    std::string raw;
    for (int k = 0; k < 12; ++k) raw += pieces[pick(rng)];
    for (bool keep_newlines : {false, true}) {
      const std::string once = text::normalize(raw, keep_newlines);
      ASSERT_EQ(text::normalize(once, keep_newlines), once) << raw;
      ASSERT_EQ(once, icu_normalize(once, false)) << raw;
      ASSERT_TRUE(once.empty() || (once.front() != ' ' && once.back() != ' ')) << raw;
    }
    const std::string key = text::fold_key(raw);
    ASSERT_EQ(text::fold_key(key), key) << raw;
    ASSERT_EQ(text::fold_key(text::normalize(raw)), key) << raw;
  }
}

TEST(Text, InvalidUtf8IsRejected) {
  for (const std::string bad : {"\xC3\x28", "\xC0\xAF", "\xED\xA0\x80", "\xE1\xBA", "\xF4\x90\x80\x80", "ok\xFF"}) {
    EXPECT_FALSE(text::is_valid_utf8(bad));
    EXPECT_THROW(text::normalize(bad), text::TextError);
    EXPECT_THROW(text::fold_key(bad), text::TextError);
  }
  try {
    text::normalize("abc \xE1\xBA");
    FAIL();
  } catch (const text::TextError& e) {
    EXPECT_NE(std::string(e.what()).find("invalid UTF-8 at byte 4"), std::string::npos) << e.what();
  }
  EXPECT_TRUE(text::is_valid_utf8("Đường 🚧"));
}

TEST(Text, LengthCountsCodePoints) {
  EXPECT_EQ(text::length_chars("Đường"), 5u);
  EXPECT_EQ(text::length_chars("🚧a"), 2u);
  EXPECT_EQ(text::length_chars(""), 0u);
}

TEST(Text, FoldKeyDropsDiacriticsCaseAndPunctuation) {
  EXPECT_EQ(text::fold_key("Đường ĐT743"), "duong dt743");
  EXPECT_EQ(text::fold_key("duong dt743"), "duong dt743");
  EXPECT_EQ(text::fold_key("ĐỀ NGHỊ, xem xét!!! (gấp)"), "de nghi xem xet gap");
  EXPECT_EQ(text::fold_key("Ổ gà — ngã tư 550?"), "o ga nga tu 550");
  EXPECT_EQ(text::fold_key("ＤＴ７４３"), "dt743");  // full-width, as some phone keyboards type
  EXPECT_EQ(text::fold_key("?!… 🚧"), "");
}

TEST(Text, WordsKeepBothForms) {
  const auto ws = text::words("Đồ NGỦ, đi!");
  ASSERT_EQ(ws.size(), 3u);
  EXPECT_EQ(ws[0].lower, "đồ");
  EXPECT_EQ(ws[0].folded, "do");
  EXPECT_EQ(ws[1].lower, "ngủ");
  EXPECT_EQ(ws[1].folded, "ngu");
  EXPECT_FALSE(text::is_unaccented(ws));
  EXPECT_TRUE(text::is_unaccented(text::words("Do ngu 123")));
}

TEST(Text, RewordedQuestionsShareANearDuplicateKey) {
  const std::string key = text::near_duplicate_key("Khi nào sửa đường ĐT743?");
  EXPECT_EQ(key, "743 dt duong sua");
  EXPECT_EQ(text::near_duplicate_key("Xin hỏi khi nào đường ĐT743 được sửa?"), key);
  EXPECT_EQ(text::near_duplicate_key("xin hoi khi nao duong DT 743 duoc sua"), key);  // typed without diacritics
  EXPECT_EQ(text::near_duplicate_key("Bao giờ đường ĐT 743 được sửa ạ"), key);
  EXPECT_DOUBLE_EQ(text::similarity("Khi nào sửa đường ĐT743?", "Cho hỏi bao giờ sửa đường ĐT743?"), 1.0);
}

TEST(Text, StopWordsDoNotSwallowContentWords) {
  // thẻ, chợ, đèn fold to stop words (thế, cho, đến) but are content.
  EXPECT_EQ(text::near_duplicate_key("Cho hỏi về thẻ bảo hiểm ở chợ"), "bao cho hiem the");
  EXPECT_EQ(text::near_duplicate_key("Đèn đường không sáng"), "den duong sang");
}

TEST(Text, SimilarityFindsTheDatasetsRepeatedQuestions) {
  // The data set asks some questions twice or three times, once typed without diacritics.
  const auto rows = read_shared_jsonl("questions.vi.jsonl");
  auto topic = [](const std::string& t) -> std::string {
    const std::string key = text::fold_key(t);
    for (const char* marker : {"743", "550", "cao tuoi"}) {
      if (key.find(marker) != std::string::npos) return marker;
    }
    return "";
  };
  int repeated_pairs = 0;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    for (std::size_t j = i + 1; j < rows.size(); ++j) {
      const std::string a = rows[i].at("text");
      const std::string b = rows[j].at("text");
      const bool same = !topic(a).empty() && topic(a) == topic(b);
      const double s = text::similarity(a, b);
      if (same) {
        ++repeated_pairs;
        EXPECT_GE(s, 0.4) << a << " | " << b;
      } else {
        EXPECT_LT(s, 0.2) << a << " | " << b;
      }
    }
  }
  EXPECT_EQ(repeated_pairs, 5);
  EXPECT_DOUBLE_EQ(text::similarity("", "Xin hỏi?"), 1.0);
  EXPECT_DOUBLE_EQ(text::similarity("sửa đường", "trường học"), 0.0);
  EXPECT_DOUBLE_EQ(text::similarity("sửa đường ĐT743", "ĐT743 hư"), 2.0 / 5.0);  // {dt 743} of {sua duong dt 743 hu}
}

TEST(Text, DecomposedTextSplitsLikeItsComposedTwin) {
  // NFD input takes the whole-text case folding; NFC input is folded code point by code point.
  const auto rows = read_shared_jsonl("questions.vi.jsonl");
  for (const auto& row : rows) {
    const std::string nfc = text::normalize(row.at("text").get<std::string>());
    const std::string nfd = icu_normalize(nfc, true);
    const auto a = text::words(nfc);
    const auto b = text::words(nfd);
    ASSERT_EQ(a.size(), b.size()) << nfc;
    for (std::size_t i = 0; i < a.size(); ++i) {
      EXPECT_EQ(a[i].lower, b[i].lower) << nfc;
      EXPECT_EQ(a[i].folded, b[i].folded) << nfc;
    }
    EXPECT_EQ(text::near_duplicate_key(nfd), text::near_duplicate_key(nfc));
  }
}

TEST(Text, FoldingEdgeCases) {
  EXPECT_EQ(text::fold_key("a \u0301 b"), "a b");             // a mark alone is no word
  EXPECT_EQ(text::fold_key("Stra\u00DFe \uFB01n"), "strasse fin");  // one character, several letters
  EXPECT_EQ(text::fold_key("s\u00ADa\u200Bb"), "sab");         // ignorables and format characters glue
  EXPECT_EQ(text::fold_key("\u1E9E \u0130 \u2126"), "ss i ω");
  EXPECT_EQ(text::fold_key("ĐƯỜNG—“số 1”…Ａ１"), "duong so 1 a1");
  EXPECT_EQ(text::fold_key("日本 😀 Ελλάδα"), "日本 ελλαδα");
}

TEST(Text, CleanTextComesBackAsIs) {
  for (const std::string clean : {"Đường ĐT743 — “hư” 🚧", "plain ascii", "日本 😀 Ελλάδα", "a", ""}) {
    EXPECT_EQ(text::normalize(clean), clean);
    EXPECT_EQ(text::normalize(clean, true), clean);
  }
}

TEST(Text, WordsObjectCanBeReused) {
  text::Words ws;
  const std::vector<std::string> texts = {"Đường ĐT743 hư", "", "xin hoi DT 743", "Stra\u00DFe", "e\u0301 \u0301 ư"};
  for (int pass = 0; pass < 2; ++pass) {
    for (const std::string& t : texts) {
      ws.split(t);
      const auto expected = text::words(t);
      ASSERT_EQ(ws.size(), expected.size()) << t;
      for (std::size_t i = 0; i < ws.size(); ++i) {
        EXPECT_EQ(ws[i].lower, expected[i].lower) << t;
        EXPECT_EQ(ws[i].folded, expected[i].folded) << t;
      }
      EXPECT_EQ(ws.unaccented(), text::is_unaccented(expected)) << t;
      EXPECT_EQ(ws.folded_text(), text::fold_key(t)) << t;
      EXPECT_EQ(text::fold_key(ws), text::fold_key(t)) << t;
      EXPECT_EQ(text::near_duplicate_key(ws), text::near_duplicate_key(t)) << t;
    }
  }
  EXPECT_THROW(ws.split("ok \xE1\xBA"), text::TextError);
}
