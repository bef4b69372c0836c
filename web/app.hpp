#pragma once
// The composition root of `votercast serve`: store, domain services, auth,
// event hub and routes, wired to the HTTP transport.
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "web/config/config.hpp"

namespace votercast::web {

class App {
 public:
  explicit App(Config config);
  ~App();
  App(const App&) = delete;
  App& operator=(const App&) = delete;

  // On an empty database: creates user "admin" with a random password and returns it.
  std::optional<std::string> ensure_admin();
  // Starts the live programme (unless disabled); throws, naming the input, when it cannot.
  void start_programme();
  // The page a graphics system (OBS, vMix, CasparCG) loads as a browser source.
  std::string overlay_url() const;
  // Every HTTP route as "METHOD /pattern", the WebSocket's included: what a proxy
  // must pass and what the route-by-role audit (tests) walks.
  std::vector<std::string> routes() const;
  // True when this start made the overlay token: the only start that may print it.
  bool overlay_token_new() const;
  // Binds; returns the port actually bound.
  unsigned short listen();
  void run();   // until stop()
  void stop();  // thread-safe

 private:
  struct Parts;
  std::unique_ptr<Parts> parts_;
};

}  // namespace votercast::web
