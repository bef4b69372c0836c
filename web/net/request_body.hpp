#pragma once
// Reading request bodies: JSON objects, or form-urlencoded for the no-JS voter form.
// Every failure becomes a 4xx with a clear code (thrown as BadRequest).
#include <cstddef>
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "web/net/http_types.hpp"

namespace votercast::web {

struct BadRequest : std::runtime_error {
  int status;
  std::string code;
  BadRequest(int s, std::string c, const std::string& message) : std::runtime_error(message), status(s), code(std::move(c)) {}
};

// Arrays and objects in a JSON body may nest this deep; deeper is 400 too_deep. No route
// reads more than a few levels, and nlohmann's copy, comparison, dump and merge_patch
// recurse a level at a time: a 64 KiB body nests 32,000 deep, enough to exhaust a stack.
inline constexpr std::size_t kMaxJsonDepth = 64;

// A JSON object from a JSON body, or from a form-urlencoded one (all values strings).
nlohmann::json read_object(const Request& request);
bool is_form(const Request& request);

// Typed field access: missing -> nullopt (or BadRequest when required), wrong type -> BadRequest.
std::optional<std::string> optional_string(const nlohmann::json& body, const char* field);
std::string required_string(const nlohmann::json& body, const char* field);
std::optional<std::int64_t> optional_int(const nlohmann::json& body, const char* field);
std::int64_t required_int(const nlohmann::json& body, const char* field);
// JSON true/false, or a form checkbox ("on", "1", "true"; "0", "false", "off", "").
std::optional<bool> optional_bool(const nlohmann::json& body, const char* field);

// A path or query parameter that must be a positive integer id.
std::int64_t id_param(const std::string& text, const char* what);

// application/x-www-form-urlencoded name/value pairs in order, decoded by Boost.URL ('+' is a
// space); throws BadRequest on malformed percent-encoding.
std::vector<std::pair<std::string, std::string>> form_fields(std::string_view body);

}  // namespace votercast::web
