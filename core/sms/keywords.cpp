#include "core/sms/keywords.hpp"

#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include <cstdint>

#include "core/sms/gateway_fields.hpp"
#include "core/text.hpp"

namespace votercast::core::sms {
namespace {

// Letters, digits and combining marks make words, as text::words() splits them.
bool is_word_char(UChar32 c) { return (U_GET_GC_MASK(c) & (U_GC_L_MASK | U_GC_ND_MASK | U_GC_M_MASK)) != 0; }

// Between a keyword and the text: spaces and punctuation ("DT: …", "HOI - …", "hoi, …"), but
// not a quote or an opening bracket, which belongs to the question.
bool is_separator(UChar32 c) {
  if (u_isUWhiteSpace(c)) return true;
  if (c == '"' || c == '\'') return false;  // ASCII quotes are "other punctuation" to Unicode
  const auto mask = U_GET_GC_MASK(c);
  return (mask & U_GC_P_MASK) != 0 && (mask & (U_GC_PS_MASK | U_GC_PI_MASK)) == 0;
}

// Byte length of the run at the start of `s` whose code points satisfy `pred`.
template <class Pred>
std::size_t leading_run(std::string_view s, Pred pred) {
  const auto* p = reinterpret_cast<const std::uint8_t*>(s.data());
  const auto n = static_cast<std::int32_t>(s.size());
  std::int32_t i = 0;
  while (i < n) {
    std::int32_t next = i;
    UChar32 c;
    U8_NEXT(p, next, n, c);
    if (c < 0 || !pred(c)) break;
    i = next;
  }
  return static_cast<std::size_t>(i);
}

// The one word `keyword` is, or rejects it.
text::Word one_word(const std::string& keyword) {
  std::vector<text::Word> words;
  if (text::is_valid_utf8(keyword)) words = text::words(keyword);
  if (words.size() != 1)
    reject("keyword_invalid", "Từ khóa '" + keyword + "' phải là một từ / keyword '" + keyword + "' must be one word");
  return std::move(words.front());
}

bool is_ascii(std::string_view s) {
  for (char ch : s)
    if (static_cast<unsigned char>(ch) >= 0x80) return false;
  return true;
}

}  // namespace

KeywordTable::KeywordTable(std::vector<Entry> entries, UnknownKeywordRule unknown) : unknown_(unknown) {
  for (Entry& e : entries) {
    const text::Word word = one_word(e.keyword);
    Known known;
    for (const std::string& spelling : e.accented) {
      const text::Word accented = one_word(spelling);
      if (accented.folded != word.folded)
        reject("keyword_invalid", "'" + spelling + "' không phải cách viết của '" + e.keyword + "' / '" + spelling +
                                      "' is not a spelling of keyword '" + e.keyword + "'");
      known.accented_lower.push_back(accented.lower);
    }
    if (by_folded_.contains(word.folded))
      reject("keyword_duplicate", "Từ khóa '" + e.keyword + "' bị trùng / keyword '" + e.keyword + "' is given twice");
    known.entry = std::move(e);
    by_folded_.emplace(word.folded, std::move(known));
  }
}

std::vector<KeywordTable::Entry> KeywordTable::default_entries() {
  return {{"DT", SmsAction::question}, {"HOI", SmsAction::question, {"hỏi"}}, {"BC", SmsAction::poll_vote}};
}

KeywordTable KeywordTable::defaults() { return KeywordTable(default_entries(), UnknownKeywordRule::accept); }

bool KeywordTable::spelled_as(const Known& known, const text::Word& word) {
  if (known.accented_lower.empty() || is_ascii(word.lower)) return true;
  for (const std::string& spelling : known.accented_lower)
    if (spelling == word.lower) return true;
  return false;
}

KeywordMatch KeywordTable::match(std::string_view raw) const {
  if (!text::is_valid_utf8(raw))
    reject("invalid_encoding", "Tin nhắn không phải UTF-8 hợp lệ / the message is not valid UTF-8");
  const std::string normalized = text::normalize(raw, /*keep_newlines=*/true);
  const std::string_view s = normalized;

  const std::size_t word_end = leading_run(s, is_word_char);
  if (word_end > 0) {
    const std::vector<text::Word> first = text::words(s.substr(0, word_end));
    const auto found = first.size() == 1 ? by_folded_.find(first.front().folded) : by_folded_.end();
    if (found != by_folded_.end() && spelled_as(found->second, first.front())) {
      const std::string_view after = s.substr(word_end);
      const Entry& entry = found->second.entry;
      return {entry.action, entry.keyword, std::string(after.substr(leading_run(after, is_separator)))};
    }
  }
  if (unknown_ == UnknownKeywordRule::help) return {SmsAction::help, "", normalized};
  return {SmsAction::question, "", normalized};
}

}  // namespace votercast::core::sms
