#include "web/net/http_types.hpp"

#include <nlohmann/json.hpp>

namespace votercast::web {

std::string_view Request::header(std::string_view lower_name) const {
  for (const auto& [name, value] : headers) {
    if (name == lower_name) return value;
  }
  return {};
}

Response error_response(int status, std::string_view code, std::string_view message) {
  Response res;
  res.status = status;
  res.content_type = "application/json; charset=utf-8";
  nlohmann::json body = {{"error", {{"code", std::string(code)}, {"message", std::string(message)}}}};
  // Replace invalid UTF-8 instead of throwing: messages may quote user input.
  res.body = body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  return res;
}

}  // namespace votercast::web
