#include "media/pipeline/control_loop.hpp"

#include <exception>
#include <future>

namespace votercast::media::pipeline {
namespace {

using Task = std::function<void()>;

void delete_task(gpointer task) { delete static_cast<Task*>(task); }

gboolean run_once(gpointer task) {
  (*static_cast<Task*>(task))();
  return G_SOURCE_REMOVE;
}

gboolean run_repeatedly(gpointer task) {
  (*static_cast<Task*>(task))();
  return G_SOURCE_CONTINUE;
}

using MessageHandler = std::function<void(GstMessage*)>;

void delete_handler(gpointer handler) { delete static_cast<MessageHandler*>(handler); }

gboolean dispatch_message(GstBus*, GstMessage* message, gpointer handler) {
  (*static_cast<MessageHandler*>(handler))(message);
  return G_SOURCE_CONTINUE;
}

SourcePtr attach(GSource* source, GMainContext* context) {
  g_source_attach(source, context);
  return SourcePtr(source);
}

}  // namespace

ControlLoop::ControlLoop()
    : context_(g_main_context_new()), loop_(g_main_loop_new(context_, FALSE)) {
  thread_ = std::thread([this] {
    // Elements that look for "the thread's main context" during state changes find ours.
    g_main_context_push_thread_default(context_);
    g_main_loop_run(loop_);
    g_main_context_pop_thread_default(context_);
  });
  // Wait until the loop runs, so a quit posted right away is never lost.
  run([] {});
}

ControlLoop::~ControlLoop() {
  g_main_loop_quit(loop_);
  g_main_context_wakeup(context_);
  thread_.join();
  g_main_loop_unref(loop_);
  g_main_context_unref(context_);
}

bool ControlLoop::on_loop_thread() const { return std::this_thread::get_id() == thread_.get_id(); }

void ControlLoop::post(std::function<void()> task) {
  GSource* source = g_idle_source_new();
  g_source_set_priority(source, G_PRIORITY_DEFAULT);
  g_source_set_callback(source, run_once, new Task(std::move(task)), delete_task);
  g_source_attach(source, context_);
  g_source_unref(source);
}

void ControlLoop::run(const std::function<void()>& task) {
  if (on_loop_thread()) {
    task();
    return;
  }
  std::promise<void> done;
  auto finished = done.get_future();
  post([&] {
    try {
      task();
      done.set_value();
    } catch (...) {
      done.set_exception(std::current_exception());
    }
  });
  finished.get();
}

SourcePtr ControlLoop::every(std::chrono::milliseconds period, std::function<void()> tick) {
  GSource* source = g_timeout_source_new(static_cast<guint>(period.count()));
  g_source_set_callback(source, run_repeatedly, new Task(std::move(tick)), delete_task);
  return attach(source, context_);
}

SourcePtr ControlLoop::after(std::chrono::milliseconds delay, std::function<void()> task) {
  GSource* source = g_timeout_source_new(static_cast<guint>(delay.count()));
  g_source_set_callback(source, run_once, new Task(std::move(task)), delete_task);
  return attach(source, context_);
}

SourcePtr ControlLoop::watch(GstBus* bus, std::function<void(GstMessage*)> on_message) {
  GSource* source = gst_bus_create_watch(bus);
  g_source_set_callback(source, reinterpret_cast<GSourceFunc>(reinterpret_cast<void (*)()>(dispatch_message)),
                        new MessageHandler(std::move(on_message)), delete_handler);
  return attach(source, context_);
}

}  // namespace votercast::media::pipeline
