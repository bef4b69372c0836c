// A trivial Beast handler: the same HTTP transport as votercast, answering every
// request with 201 and a fixed body, storing nothing. Prints its port like votercast.
#include <csignal>
#include <iostream>
#include <pthread.h>
#include <string>
#include <thread>

#include "web/net/http_server.hpp"

int main(int argc, char** argv) {
  using namespace votercast::web;
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  ServerHooks hooks;
  hooks.handle = [](Request, Respond respond) {
    Response r;
    r.status = 201;
    r.body = R"({"id":0,"ticket":"00000000","state":"pending"})";
    respond(std::move(r));
  };
  HttpServer server(ServerLimits{}, hooks);
  const unsigned short port = server.listen("127.0.0.1", argc > 1 ? static_cast<unsigned short>(std::stoi(argv[1])) : 0);
  std::cout << "trivial: listening on http://127.0.0.1:" << port << "/" << std::endl;
  std::thread waiter([&] {
    int s = 0;
    sigwait(&signals, &s);
    server.stop();
  });
  server.run();
  waiter.join();
}
