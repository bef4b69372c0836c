// The encodings gateways hand SMS text over in (core/sms/sms_charset.hpp): UTF-16BE, Latin-1,
// hex, and any charset name a gateway may send. Input: the charset name, then the bytes.
// fuzz-links: votercast_core
#include <algorithm>
#include <cctype>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/errors.hpp"
#include "core/sms/sms_charset.hpp"
#include "core/text.hpp"
#include "fuzz_check.hpp"
#include "fuzz_fields.hpp"
#include "../sms_test_support.hpp"  // utf16be (no ICU: an independent check), hex

namespace {

using namespace votercast;

std::string hex(std::string_view bytes) { return test::sms::hex(std::string(bytes)); }

// What the decoders throw: DomainError(invalid_input) with one of these codes.
template <class Decode>
bool decodes(Decode decode, std::string& out) {
  try {
    out = decode();
    return true;
  } catch (const core::DomainError& e) {
    FUZZ_CHECK(e.kind == core::ErrorKind::invalid_input, e.code);
    FUZZ_CHECK(e.code == "invalid_encoding" || e.code == "unsupported_charset", "undocumented code " + e.code);
    return false;
  }
}

// Well-formed UTF-16BE: an even number of bytes, every surrogate in a high-low pair.
bool well_formed_utf16be(std::string_view bytes) {
  if (bytes.size() % 2 != 0) return false;
  for (std::size_t i = 0; i < bytes.size(); i += 2) {
    const unsigned unit = static_cast<unsigned char>(bytes[i]) << 8 | static_cast<unsigned char>(bytes[i + 1]);
    if (unit >= 0xDC00 && unit <= 0xDFFF) return false;
    if (unit >= 0xD800 && unit <= 0xDBFF) {
      if (i + 2 >= bytes.size()) return false;
      const unsigned next = static_cast<unsigned char>(bytes[i + 2]) << 8 | static_cast<unsigned char>(bytes[i + 3]);
      if (next < 0xDC00 || next > 0xDFFF) return false;
      i += 2;
    }
  }
  return true;
}

bool is_hex(char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto fields = fuzz::split_fields(data, size);
  const std::string& charset = fields[0];
  const std::string bytes = fields.size() > 1 ? fields[1] : std::string();
  std::string out;

  if (decodes([&] { return core::sms::utf16be_to_utf8(bytes); }, out)) {
    FUZZ_CHECK(core::text::is_valid_utf8(out), "UTF-16BE decoded to invalid UTF-8");
    FUZZ_CHECK(test::sms::utf16be(out) == bytes, "UTF-16BE does not round-trip: " + hex(bytes));
  } else {
    FUZZ_CHECK(!well_formed_utf16be(bytes), "well-formed UTF-16BE refused: " + hex(bytes));
  }

  FUZZ_CHECK(decodes([&] { return core::sms::latin1_to_utf8(bytes); }, out), "Latin-1 has no invalid bytes");
  FUZZ_CHECK(core::text::is_valid_utf8(out) && core::text::length_chars(out) == bytes.size(), "Latin-1: a code point a byte");

  if (decodes([&] { return core::sms::hex_to_bytes(bytes); }, out)) {
    FUZZ_CHECK(hex(out) == [&] {
      std::string lower = bytes;
      std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
      return lower;
    }(), "hex does not round-trip: " + bytes);
  } else {
    FUZZ_CHECK(bytes.size() % 2 != 0 || !std::all_of(bytes.begin(), bytes.end(), is_hex), "hex refused: " + bytes);
  }

  // Whatever the name, the text that comes out is UTF-8 (storage and replies rely on it).
  if (decodes([&] { return core::sms::charset_to_utf8(bytes, charset); }, out)) {
    FUZZ_CHECK(core::text::is_valid_utf8(out), "charset '" + charset + "' decoded to invalid UTF-8 from " + hex(bytes));
    if (charset == "UTF-8" || charset == "utf-8") FUZZ_CHECK(out == bytes, "UTF-8 is passed through");
  }
  return 0;
}
