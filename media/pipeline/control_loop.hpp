#pragma once
// A thread of our own that runs a private GMainContext: bus watches, restart timers and
// every change to the pipelines happen here, one at a time, so they never race. The host
// (web runs Boost.Asio) never has to iterate a GLib main loop for us.
#include <glib.h>
#include <gst/gst.h>

#include <chrono>
#include <functional>
#include <thread>

#include "media/pipeline/gst_handles.hpp"

namespace votercast::media::pipeline {

class ControlLoop {
 public:
  ControlLoop();
  ~ControlLoop();
  ControlLoop(const ControlLoop&) = delete;
  ControlLoop& operator=(const ControlLoop&) = delete;

  bool on_loop_thread() const;

  // Runs task on the loop thread soon; never blocks the caller.
  void post(std::function<void()> task);
  // Runs task on the loop thread and waits for it; rethrows what it threw.
  void run(const std::function<void()>& task);

  // Calls tick every period until the returned handle goes (destroy it on the loop thread).
  [[nodiscard]] SourcePtr every(std::chrono::milliseconds period, std::function<void()> tick);
  // Calls task once after delay unless the handle goes first.
  [[nodiscard]] SourcePtr after(std::chrono::milliseconds delay, std::function<void()> task);
  // Dispatches every message posted on bus to on_message until the handle goes.
  [[nodiscard]] SourcePtr watch(GstBus* bus, std::function<void(GstMessage*)> on_message);

 private:
  GMainContext* context_;
  GMainLoop* loop_;
  std::thread thread_;
};

}  // namespace votercast::media::pipeline
