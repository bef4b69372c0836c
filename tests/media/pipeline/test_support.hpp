#pragma once
// What the pipeline tests need around a Programme: scratch directories, loopback ports,
// receivers run as child processes (always stopped), and polling instead of sleeping.
#include <chrono>
#include <filesystem>
#include <functional>
#include <string>
#include <sys/types.h>
#include <vector>

namespace votercast::media::test {

class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }
  std::filesystem::path operator/(const std::string& name) const { return path_ / name; }

 private:
  std::filesystem::path path_;
};

enum class Transport { tcp, udp };
// A port on 127.0.0.1 that nothing is bound to right now.
int free_loopback_port(Transport transport);
// True once something accepts TCP connections on 127.0.0.1:port.
bool tcp_port_accepts(int port);
// True while something has UDP 127.0.0.1:port bound.
bool udp_port_taken(int port);

// Polls condition every 20 ms until it holds or timeout passes; returns its last value.
bool wait_until(const std::function<bool()>& condition, std::chrono::milliseconds timeout);

// A child process that is always stopped (SIGTERM, then SIGKILL) when this goes.
class ChildProcess {
 public:
  // stdout_path: where its standard output goes (empty: a log next to stderr_path).
  ChildProcess(std::vector<std::string> argv, const std::filesystem::path& stdout_path,
               const std::filesystem::path& stderr_path);
  ~ChildProcess();
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;
  bool alive();
  // Sends sig and waits (bounded) for the process to exit.
  void stop(int sig);

 private:
  pid_t pid_ = -1;
};

}  // namespace votercast::media::test
