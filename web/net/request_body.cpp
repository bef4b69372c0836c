#include "web/net/request_body.hpp"

#include <algorithm>
#include <charconv>
#include <string_view>

#include <boost/url/parse_query.hpp>

#include "web/net/request_target.hpp"

namespace votercast::web {
namespace {

// The deepest nesting of arrays and objects in JSON text, counted outside strings, without
// parsing it (malformed text is the parser's to refuse).
std::size_t json_nesting(std::string_view text) {
  std::size_t depth = 0, deepest = 0;
  bool in_string = false, escaped = false;
  for (const char c : text) {
    if (in_string) {
      if (escaped) escaped = false;
      else if (c == '\\') escaped = true;
      else if (c == '"') in_string = false;
    } else if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      deepest = std::max(deepest, ++depth);
    } else if ((c == ']' || c == '}') && depth > 0) {
      --depth;
    }
  }
  return deepest;
}

[[noreturn]] void wrong_type(const char* field, const char* expected) {
  throw BadRequest(400, "wrong_type", std::string("Trường '") + field + "' phải là " + expected + " / field '" + field +
                                          "' must be " + expected);
}

}  // namespace

bool is_form(const Request& request) {
  return request.header("content-type").starts_with("application/x-www-form-urlencoded");
}

std::vector<std::pair<std::string, std::string>> form_fields(std::string_view body) {
  const std::string encoded = encode_stray_bytes(body);
  const auto params = boost::urls::parse_query(encoded);
  if (!params) throw BadRequest(400, "bad_form_encoding", "invalid percent-encoding in the form body");
  boost::urls::encoding_opts plus_is_space;
  plus_is_space.space_as_plus = true;
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto param : *params) {
    if (param.key.empty() && !param.has_value) continue;  // "a=1&&b=2"
    out.emplace_back(param.key.decode(plus_is_space), param.has_value ? param.value.decode(plus_is_space) : "");
  }
  return out;
}

nlohmann::json read_object(const Request& request) {
  if (is_form(request)) {
    nlohmann::json out = nlohmann::json::object();
    // nlohmann validates UTF-8 on dump; intake checks it first
    for (auto& [key, value] : form_fields(request.body)) out[key] = std::move(value);
    return out;
  }
  const auto type = request.header("content-type");
  if (!type.empty() && !type.starts_with("application/json"))
    throw BadRequest(415, "unsupported_media_type", "Gửi JSON hoặc form / send application/json or a form");
  if (request.body.empty()) throw BadRequest(400, "empty_body", "Thiếu nội dung yêu cầu / the request body is empty");
  if (json_nesting(request.body) > kMaxJsonDepth)
    throw BadRequest(400, "too_deep", "JSON lồng nhau quá sâu / the JSON nests deeper than " +
                                          std::to_string(kMaxJsonDepth) + " levels");
  auto parsed = nlohmann::json::parse(request.body, nullptr, /*allow_exceptions=*/false);
  if (parsed.is_discarded()) throw BadRequest(400, "malformed_json", "JSON không hợp lệ / the body is not valid JSON");
  if (!parsed.is_object()) throw BadRequest(400, "expected_object", "Cần một đối tượng JSON / the body must be a JSON object");
  return parsed;
}

std::optional<std::string> optional_string(const nlohmann::json& body, const char* field) {
  const auto it = body.find(field);
  if (it == body.end() || it->is_null()) return std::nullopt;
  if (!it->is_string()) wrong_type(field, "chuỗi / a string");
  return it->get<std::string>();
}

std::string required_string(const nlohmann::json& body, const char* field) {
  auto value = optional_string(body, field);
  if (!value)
    throw BadRequest(400, "missing_field", std::string("Thiếu trường '") + field + "' / field '" + field + "' is required");
  return *value;
}

std::optional<std::int64_t> optional_int(const nlohmann::json& body, const char* field) {
  const auto it = body.find(field);
  if (it == body.end() || it->is_null()) return std::nullopt;
  if (it->is_number_integer()) return it->get<std::int64_t>();
  if (it->is_string()) {  // form bodies carry every value as a string
    const auto& s = it->get_ref<const std::string&>();
    std::int64_t v = 0;
    const auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec == std::errc() && p == s.data() + s.size()) return v;
  }
  wrong_type(field, "số nguyên / an integer");
}

std::int64_t required_int(const nlohmann::json& body, const char* field) {
  auto value = optional_int(body, field);
  if (!value)
    throw BadRequest(400, "missing_field", std::string("Thiếu trường '") + field + "' / field '" + field + "' is required");
  return *value;
}

std::optional<bool> optional_bool(const nlohmann::json& body, const char* field) {
  const auto it = body.find(field);
  if (it == body.end() || it->is_null()) return std::nullopt;
  if (it->is_boolean()) return it->get<bool>();
  if (it->is_string()) {
    const auto& s = it->get_ref<const std::string&>();
    if (s == "on" || s == "1" || s == "true") return true;
    if (s == "off" || s == "0" || s == "false" || s.empty()) return false;
  }
  wrong_type(field, "true/false");
}

std::int64_t id_param(const std::string& text, const char* what) {
  std::int64_t v = 0;
  const auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || p != text.data() + text.size() || v <= 0)
    throw BadRequest(400, "bad_id", std::string("'") + what + "' must be a positive integer");
  return v;
}

}  // namespace votercast::web
