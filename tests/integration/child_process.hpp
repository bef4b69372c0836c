#pragma once
// Another program the tests need (Kannel's bearerbox, smsbox, fakesmsc) as a child process:
// its stdout and stderr go to a log file, its stdin optionally to a pipe the test writes.
// The destructor stops it (SIGTERM, then SIGKILL after the grace period), so a failed
// assertion never leaves it running; PR_SET_PDEATHSIG covers a crashed test binary.
#include <sys/types.h>

#include <chrono>
#include <optional>
#include <string>
#include <vector>

namespace votercast::test {

class ChildProcess {
 public:
  // argv[0] is the program's path. Throws std::system_error when it cannot be started.
  ChildProcess(std::vector<std::string> argv, std::string log_path, bool pipe_stdin = false);
  ~ChildProcess();
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;

  bool running();
  // Writes to the child's standard input (pipe_stdin); false when it is gone.
  bool write_stdin(const std::string& bytes);
  // Everything it printed so far.
  std::string log() const;
  // Polls the log until `needle` is in it (after byte `from`), the child exits, or `timeout`.
  bool wait_for_log(const std::string& needle, std::chrono::milliseconds timeout, std::size_t from = 0);
  // SIGTERM, wait up to `grace`, then SIGKILL; returns the exit code (128+signal when killed).
  int stop(std::chrono::seconds grace = std::chrono::seconds(10));
  const std::string& name() const { return name_; }

 private:
  void reap(int status);

  std::string name_;
  std::string log_path_;
  pid_t pid_ = -1;
  int stdin_fd_ = -1;
  std::optional<int> exit_code_;
};

// A TCP port on 127.0.0.1 that nothing listens on right now (bound, read, released).
unsigned short free_local_port();

}  // namespace votercast::test
