#include "web/net/cookies.hpp"

namespace votercast::web {

std::optional<std::string> cookie_value(const Request& request, std::string_view name) {
  std::string_view cookies = request.header("cookie");
  while (!cookies.empty()) {
    const auto semi = cookies.find(';');
    auto pair = cookies.substr(0, semi);
    cookies = semi == std::string_view::npos ? std::string_view{} : cookies.substr(semi + 1);
    while (!pair.empty() && pair.front() == ' ') pair.remove_prefix(1);
    if (pair.size() > name.size() && pair.substr(0, name.size()) == name && pair[name.size()] == '=')
      return std::string(pair.substr(name.size() + 1));
  }
  return std::nullopt;
}

}  // namespace votercast::web
