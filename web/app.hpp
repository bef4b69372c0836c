#pragma once
// The composition root of `votercast serve`: store, domain services, auth,
// event hub and routes, wired to the HTTP transport.
#include <memory>
#include <optional>
#include <string>

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
  // Binds; returns the port actually bound.
  unsigned short listen();
  void run();   // until stop()
  void stop();  // thread-safe

 private:
  struct Parts;
  std::unique_ptr<Parts> parts_;
};

}  // namespace votercast::web
