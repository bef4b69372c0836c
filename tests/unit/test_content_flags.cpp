#include "core/content_flags.hpp"

#include "core/text.hpp"

#include <gtest/gtest.h>

#include "shared_data.hpp"
#include <nlohmann/json.hpp>
#include <unicode/normalizer2.h>
#include <unicode/unistr.h>

#include <fstream>
#include <string>
#include <thread>
#include <vector>

using votercast::core::analyze;
using votercast::core::assess_content;
using votercast::core::kOnAirSoftLimitChars;
namespace text = votercast::core::text;

namespace {


// Every text of the data sets: the questions and their other fields, the adversarial cases
// (repeated text built, the NFD twin decomposed), and the diacritic-free forms of all of these.
std::vector<std::string> data_set_texts() {
  std::vector<std::string> texts;
  for (const char* file : {"questions.vi.jsonl", "adversarial.jsonl"}) {
    for (const auto& row : read_shared_jsonl(file)) {
      for (const char* field : {"text", "name", "area", "topic"}) {
        if (row.contains(field)) texts.push_back(row.at(field).get<std::string>());
      }
      if (row.contains("text_repeat")) {
        std::string repeated;
        for (int i = 0; i < row.at("repeat").get<int>(); ++i) repeated += row.at("text_repeat").get<std::string>();
        texts.push_back(repeated);
      }
      if (row.contains("text_nfd_of")) {
        const std::string nfc = row.at("text_nfd_of");
        UErrorCode err = U_ZERO_ERROR;
        const icu::UnicodeString nfd =
            icu::Normalizer2::getNFDInstance(err)->normalize(icu::UnicodeString::fromUTF8(nfc), err);
        EXPECT_TRUE(U_SUCCESS(err));
        std::string utf8;
        texts.push_back(nfc);
        texts.push_back(nfd.toUTF8String(utf8));
      }
    }
  }
  const std::size_t originals = texts.size();
  for (std::size_t i = 0; i < originals; ++i) texts.push_back(text::fold_key(texts[i]));
  return texts;
}

bool profane(const std::string& raw) { return assess_content(text::normalize(raw)).profanity; }
bool spam(const std::string& raw) { return assess_content(text::normalize(raw)).spam; }

}  // namespace

TEST(ContentFlags, RealQuestionsAreClean) {
  const auto rows = read_shared_jsonl("questions.vi.jsonl");
  ASSERT_GE(rows.size(), 20u);
  for (const auto& row : rows) {
    const std::string t = text::normalize(row.at("text").get<std::string>());
    const auto flags = assess_content(t);
    EXPECT_FALSE(flags.profanity) << t;
    EXPECT_FALSE(flags.spam) << t;
    EXPECT_FALSE(flags.too_long) << t;
  }
}

TEST(ContentFlags, AdversarialProfanityIsFlagged) {
  for (const auto& row : read_shared_jsonl("adversarial.jsonl")) {
    if (!row.at("why").get<std::string>().starts_with("profanity")) continue;
    const std::string raw = row.at("text");
    EXPECT_TRUE(profane(raw)) << raw;
    EXPECT_TRUE(profane(text::fold_key(raw))) << "without diacritics: " << text::fold_key(raw);
    return;
  }
  FAIL() << "no profanity case in adversarial.jsonl";
}

TEST(ContentFlags, ProfanityWithAndWithoutDiacritics) {
  for (const char* raw : {"Đồ ngu", "do ngu", "DM bọn nó", "vcl thật", "Địt", "dit me", "khốn nạn quá",
                          "khon nan", "Bọn quan chức ngu như bò", "đéo ai làm", "đụ má", "du ma", "Thằng ngu",
                          "thang ngu", "óc chó", "ĐẾCH ai nghe", "mất dạy", "ngu ngoc"}) {
    EXPECT_TRUE(profane(raw)) << raw;
  }
}

TEST(ContentFlags, EverydayWordsThatFoldLikeInsultsAreClean) {
  for (const char* raw : {"Con tôi ngủ không được vì ồn", "Ngữ văn lớp 9", "Ngư dân cần hỗ trợ",
                          "Tai nạn do ngủ gật trên cao tốc", "Các hộ dân đi họp", "Bán đồ ngủ ở chợ",
                          "Đèo Chuối sạt lở", "Bắt buộc đeo khẩu trang", "Tiền không đủ mà vẫn phải nộp",
                          "Điểm thi lớp 10", "Buổi sáng kẹt xe", "Bị mất dây điện", "Nuôi ốc cho xuất khẩu",
                          "Hàng tháng cho vay", "Hẻm cụt không có đèn", "Du lịch Dầu Tiếng", "Lon nước ngọt",
                          "Con đi học", "Cán bộ Dương Minh"}) {
    EXPECT_FALSE(profane(raw)) << raw;
  }
}

TEST(ContentFlags, Spam) {
  for (const char* raw : {"Xem tại http://abc.xyz ngay", "vào www.khuyenmai.vn nhận quà", "Truy cập ABC.com.vn",
                          "link bit.ly/xyz", "Liên hệ 0912345678, 0987654321, 0903111222",
                          "Gọi 0912 345 678 0987 654 321 0903 111 222", "Sửa đường điiiiiii", "quá tệ!!!!!!!",
                          "ĐỀ NGHỊ TỈNH XEM XÉT GIẢI QUYẾT NGAY LẬP TỨC"}) {
    EXPECT_TRUE(spam(raw)) << raw;
  }
}

TEST(ContentFlags, NotSpam) {
  for (const char* raw : {"Phường Hòa Phú, TP. Thủ Dầu Một", "TP.HCM và TX.Bến Cát", "hỗ trợ 1000000 đồng",
                          "Gọi 0912345678 hoặc 0987654321", "Tôi chờ......", "UBND tỉnh và HĐND tỉnh trả lời giúp",
                          "ĐT743 hư hỏng", "Khoản vay 10.000.000.000 đồng năm 2023"}) {
    EXPECT_FALSE(spam(raw)) << raw;
  }
}

TEST(ContentFlags, TooLongForAir) {
  std::string t;
  while (text::length_chars(t) < kOnAirSoftLimitChars) t += "ư";
  EXPECT_FALSE(assess_content(t).too_long);
  t += "a";
  EXPECT_TRUE(assess_content(t).too_long);
}

TEST(ContentFlags, AnalyzeAgreesWithTheSeparateFunctions) {
  const auto texts = data_set_texts();
  ASSERT_GE(texts.size(), 100u);
  for (const std::string& raw : texts) {
    // As intake calls it (normalized text), and on raw text, which the functions accept too.
    for (const std::string& t : {text::normalize(raw, true), text::normalize(raw), raw}) {
      const auto a = analyze(t);
      EXPECT_EQ(a.fold_key, text::fold_key(t)) << t;
      EXPECT_EQ(a.near_key, text::near_duplicate_key(t)) << t;
      const auto flags = assess_content(t);
      EXPECT_EQ(a.flags.profanity, flags.profanity) << t;
      EXPECT_EQ(a.flags.spam, flags.spam) << t;
      EXPECT_EQ(a.flags.too_long, flags.too_long) << t;
    }
  }
  EXPECT_THROW(analyze("ok \xE1\xBA"), text::TextError);
}

TEST(ContentFlags, AnalyzeKnownQuestion) {
  const auto a = analyze("Đồ ngu, khi nào sửa đường ĐT743???");
  EXPECT_EQ(a.fold_key, "do ngu khi nao sua duong dt743");
  EXPECT_EQ(a.near_key, "743 do dt duong ngu sua");
  EXPECT_TRUE(a.flags.profanity);
  EXPECT_FALSE(a.flags.spam);
  EXPECT_FALSE(a.flags.too_long);
}

TEST(ContentFlags, AnalyzeFromSeveralThreads) {
  // analyze() reuses per-thread buffers; threads must not see each other's.
  const auto texts = data_set_texts();
  std::vector<votercast::core::TextAnalysis> expected;
  for (const std::string& t : texts) expected.push_back(analyze(t));
  std::vector<int> mismatches(4, 0);
  std::vector<std::thread> threads;
  for (std::size_t k = 0; k < mismatches.size(); ++k) {
    threads.emplace_back([&, k] {
      for (int round = 0; round < 20; ++round) {
        for (std::size_t i = 0; i < texts.size(); ++i) {
          const auto a = analyze(texts[(i + k * 7) % texts.size()]);
          const auto& e = expected[(i + k * 7) % texts.size()];
          if (a.fold_key != e.fold_key || a.near_key != e.near_key || a.flags.profanity != e.flags.profanity ||
              a.flags.spam != e.flags.spam || a.flags.too_long != e.flags.too_long) {
            ++mismatches[k];
          }
        }
      }
    });
  }
  for (auto& t : threads) t.join();
  for (int m : mismatches) EXPECT_EQ(m, 0);
}
