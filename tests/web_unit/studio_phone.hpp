#pragma once
// What the studio-side call tests share: an io thread the test pumps, and a phone (the
// call tests' stand-in browser) talking to a StudioSignalling as CallLines would carry it.
#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "media/call/test_caller.hpp"
#include "web/live/studio_signalling.hpp"

namespace votercast::web::call_test {

using namespace std::chrono_literals;
using media::call::test::TestCaller;
using Clock = std::chrono::steady_clock;

// The io thread of the test: what is posted runs when the test pumps, on the test's thread.
class TestIo {
 public:
  void post(std::function<void()> fn) {
    std::lock_guard lock(mutex_);
    tasks_.push_back(std::move(fn));
    wake_.notify_one();
  }
  // Runs posted work until done() or the timeout; whether done() became true.
  bool pump_until(const std::function<bool()>& done, std::chrono::milliseconds timeout) {
    const auto deadline = Clock::now() + timeout;
    while (!done()) {
      std::function<void()> task;
      {
        std::unique_lock lock(mutex_);
        if (!wake_.wait_until(lock, std::min(deadline, Clock::now() + 20ms), [this] { return !tasks_.empty(); })) {
          if (Clock::now() >= deadline) return done();
          continue;
        }
        task = std::move(tasks_.front());
        tasks_.pop_front();
      }
      task();
    }
    return true;
  }
  void pump_for(std::chrono::milliseconds duration) {
    pump_until([end = Clock::now() + duration] { return Clock::now() >= end; }, duration + 1s);
  }

 private:
  std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<std::function<void()>> tasks_;
};

// One phone: a TestCaller whose offer and candidates go to the studio as CallLines hands
// them over, and which takes what the studio sends back.
struct Phone {
  Phone(TestIo& io, StudioSignalling& studio, std::int64_t id) : io(io), studio(studio), id(id) {
    TestCaller::Signals signals;
    signals.on_offer = [this](const std::string& sdp) {
      this->io.post([this, sdp] { this->studio.caller_message(this->id, {{"type", "offer"}, {"sdp", sdp}}); });
    };
    signals.on_ice_candidate = [this](unsigned mline, const std::string& candidate) {
      this->io.post([this, mline, candidate] {
        this->studio.caller_message(this->id, {{"type", "ice"}, {"candidate", candidate}, {"sdpMLineIndex", mline}});
      });
    };
    caller = std::make_unique<TestCaller>(media::call::test::TestCallerSettings{}, std::move(signals));
  }
  ~Phone() { caller->stop(); }

  void connect() {
    studio.caller_connected(id, [this](std::string text) {
      auto message = nlohmann::json::parse(text);
      received.push_back(message);
      if (message["type"] == "answer") caller->set_answer(message["sdp"].get<std::string>());
      if (message["type"] == "ice")
        caller->add_ice_candidate(message["sdpMLineIndex"].get<unsigned>(), message["candidate"].get<std::string>());
      return true;
    });
  }
  bool got(const std::string& type, const std::string& code = "") const {
    for (const auto& m : received)
      if (m["type"] == type && (code.empty() || m.value("code", "") == code)) return true;
    return false;
  }

  TestIo& io;
  StudioSignalling& studio;
  std::int64_t id;
  std::unique_ptr<TestCaller> caller;
  std::vector<nlohmann::json> received;  // on the io thread
};

}  // namespace votercast::web::call_test
