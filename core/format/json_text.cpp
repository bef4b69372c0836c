#include "core/format/json_text.hpp"

namespace votercast::core {

void append_json_string(std::string& out, std::string_view text) {
  static constexpr char kHex[] = "0123456789abcdef";
  out += '"';
  std::size_t start = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c >= 0x20 && c != '"' && c != '\\') continue;
    out.append(text, start, i - start);
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        out += "\\u00";
        out += kHex[c >> 4];
        out += kHex[c & 15];
    }
    start = i + 1;
  }
  out.append(text, start, text.size() - start);
  out += '"';
}

void JsonObjectText::key(std::string_view k) {
  if (out_.size() > 1) out_ += ',';
  append_json_string(out_, k);
  out_ += ':';
}

JsonObjectText& JsonObjectText::str(std::string_view k, std::string_view value) {
  key(k);
  append_json_string(out_, value);
  return *this;
}

JsonObjectText& JsonObjectText::num(std::string_view k, std::int64_t value) {
  key(k);
  out_ += std::to_string(value);
  return *this;
}

JsonObjectText& JsonObjectText::num(std::string_view k, std::optional<std::int64_t> value) {
  key(k);
  out_ += value ? std::to_string(*value) : "null";
  return *this;
}

JsonObjectText& JsonObjectText::boolean(std::string_view k, bool value) {
  key(k);
  out_ += value ? "true" : "false";
  return *this;
}

JsonObjectText& JsonObjectText::raw(std::string_view k, std::string_view json) {
  key(k);
  out_ += json;
  return *this;
}

JsonObjectText& JsonObjectText::merge(std::string_view object_json) {
  if (object_json.size() <= 2) return *this;  // "{}"
  if (out_.size() > 1) out_ += ',';
  out_.append(object_json.substr(1, object_json.size() - 2));
  return *this;
}

std::string JsonObjectText::finish() {
  out_ += '}';
  return std::move(out_);
}

}  // namespace votercast::core
