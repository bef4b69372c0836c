#pragma once
// Method + path pattern ("/api/questions/{id}") -> handler. Unknown paths get 404,
// known paths with another method 405 with an Allow header.
#include <functional>
#include <string>
#include <vector>

#include "web/http_types.hpp"

namespace votercast::web {

using Handler = std::function<void(Request&, Respond)>;

class Router {
 public:
  void add(std::string method, std::string pattern, Handler handler);
  void dispatch(Request request, Respond respond) const;

 private:
  struct Route {
    std::string method;
    std::vector<std::string> segments;  // "{name}" segments capture
    Handler handler;
  };
  std::vector<Route> routes_;
};

}  // namespace votercast::web
