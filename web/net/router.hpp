#pragma once
// Method + path pattern ("/api/questions/{id}") -> handler. Unknown paths get 404,
// known paths with another method 405 with an Allow header. What a handler throws is
// turned into a response by the mapper the application gives (the transport knows
// no domain errors).
#include <exception>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "web/net/http_types.hpp"

namespace votercast::web {

using Handler = std::function<void(Request&, Respond)>;
using ErrorMapper = std::function<Response(std::exception_ptr)>;

class Router {
 public:
  explicit Router(ErrorMapper on_error);
  void add(std::string method, std::string pattern, Handler handler);
  void dispatch(Request request, Respond respond) const;
  // Every route as "METHOD /pattern/{name}", in the order they were added.
  std::vector<std::string> routes() const;
  // The pattern a path matches, whatever the method ("/api/questions/{id}"): a label
  // for metrics that made-up paths cannot multiply.
  std::optional<std::string> pattern_for(const std::string& path) const;

 private:
  struct Route {
    std::string method;
    std::string pattern;
    std::vector<std::string> segments;  // "{name}" segments capture
    Handler handler;
  };
  ErrorMapper on_error_;
  std::vector<Route> routes_;
};

}  // namespace votercast::web
