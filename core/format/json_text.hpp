#pragma once
// Writes a JSON object straight into a string. The hot paths (every submission's
// event, every frame to the consoles) use this instead of building a DOM.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace votercast::core {

// Appends text as a quoted JSON string. Input must be valid UTF-8 (all stored text is).
void append_json_string(std::string& out, std::string_view text);

class JsonObjectText {
 public:
  JsonObjectText() {
    out_.reserve(1024);  // a question is ~600 bytes: one allocation, not six
    out_ += '{';
  }
  JsonObjectText& str(std::string_view key, std::string_view value);
  JsonObjectText& num(std::string_view key, std::int64_t value);
  JsonObjectText& num(std::string_view key, std::optional<std::int64_t> value);  // null when empty
  JsonObjectText& boolean(std::string_view key, bool value);
  JsonObjectText& raw(std::string_view key, std::string_view json);  // already-serialized JSON
  // Appends the members of an already-serialized object ("{...}") to this one.
  JsonObjectText& merge(std::string_view object_json);
  std::string finish();  // closes the object; the writer is spent afterwards

 private:
  void key(std::string_view k);
  std::string out_;
};

}  // namespace votercast::core
