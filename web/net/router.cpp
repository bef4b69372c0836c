#include "web/net/router.hpp"

#include <memory>
#include <set>

namespace votercast::web {
namespace {

std::vector<std::string> split_path(const std::string& path) {
  std::vector<std::string> out;
  std::size_t start = 1;
  while (start <= path.size()) {
    const auto end = path.find('/', start);
    out.push_back(path.substr(start, end == std::string::npos ? std::string::npos : end - start));
    if (end == std::string::npos) break;
    start = end + 1;
  }
  return out;
}

bool match(const std::vector<std::string>& pattern, const std::vector<std::string>& path,
           std::map<std::string, std::string>& params) {
  if (pattern.size() != path.size()) return false;
  for (std::size_t i = 0; i < pattern.size(); ++i) {
    const auto& p = pattern[i];
    if (p.size() > 2 && p.front() == '{' && p.back() == '}') {
      if (path[i].empty()) return false;
      params[p.substr(1, p.size() - 2)] = path[i];
    } else if (p != path[i]) {
      return false;
    }
  }
  return true;
}

}  // namespace

Router::Router(ErrorMapper on_error) : on_error_(std::move(on_error)) {}

void Router::add(std::string method, std::string pattern, Handler handler) {
  auto segments = split_path(pattern);
  routes_.push_back({std::move(method), std::move(pattern), std::move(segments), std::move(handler)});
}

std::optional<std::string> Router::pattern_for(const std::string& path) const {
  const auto segments = split_path(path);
  std::map<std::string, std::string> params;
  for (const auto& route : routes_)
    if (match(route.segments, segments, params)) return route.pattern;
  return std::nullopt;
}

std::vector<std::string> Router::routes() const {
  std::vector<std::string> out;
  for (const auto& route : routes_) {
    std::string line = route.method + " ";
    for (const auto& segment : route.segments) line += "/" + segment;
    out.push_back(std::move(line));
  }
  return out;
}

void Router::dispatch(Request request, Respond respond) const {
  const auto segments = split_path(request.path);
  const std::string method = request.method == "HEAD" ? "GET" : request.method;
  std::set<std::string> allowed;
  for (const auto& route : routes_) {
    std::map<std::string, std::string> params;
    if (!match(route.segments, segments, params)) continue;
    if (route.method != method) {
      allowed.insert(route.method);
      continue;
    }
    request.path_params = std::move(params);
    // Handlers throw for bad input found before any work is queued.
    auto shared = std::make_shared<Respond>(std::move(respond));
    try {
      route.handler(request, [shared](Response r) { (*shared)(std::move(r)); });
    } catch (...) {
      (*shared)(on_error_(std::current_exception()));
    }
    return;
  }
  if (allowed.empty()) {
    respond(error_response(404, "not_found", "Không tìm thấy / no such resource: " + request.path));
    return;
  }
  std::string allow;
  for (const auto& m : allowed) allow += (allow.empty() ? "" : ", ") + m;
  auto response = error_response(405, "method_not_allowed", "Phương thức không được hỗ trợ / method " + request.method +
                                                                " is not allowed here (allowed: " + allow + ")");
  response.headers.emplace_back("Allow", allow);
  respond(std::move(response));
}

}  // namespace votercast::web
