#include "media/pipeline/gst_runtime.hpp"

#include <mutex>
#include <stdexcept>

namespace votercast::media::pipeline {

void ensure_gstreamer() {
  static std::once_flag once;
  std::call_once(once, [] {
    // Safe when the host (or another part of the process) already called it.
    if (!gst_is_initialized()) gst_init(nullptr, nullptr);
  });
}

bool element_available(const char* factory) {
  ensure_gstreamer();
  std::unique_ptr<GstElementFactory, GstObjectRelease> found(gst_element_factory_find(factory));
  return found != nullptr;
}

GstElement* make_element(const char* factory, const char* name) {
  GstElement* element = gst_element_factory_make(factory, name);
  if (!element) {
    throw std::runtime_error(std::string("GStreamer element '") + factory +
                             "' is not installed (see scripts/install-deps)");
  }
  return element;
}

std::string describe_message(GstMessage* message) {
  GError* raw_error = nullptr;
  gchar* raw_debug = nullptr;
  if (GST_MESSAGE_TYPE(message) == GST_MESSAGE_ERROR) {
    gst_message_parse_error(message, &raw_error, &raw_debug);
  } else if (GST_MESSAGE_TYPE(message) == GST_MESSAGE_WARNING) {
    gst_message_parse_warning(message, &raw_error, &raw_debug);
  } else {
    return GST_MESSAGE_TYPE_NAME(message);
  }
  ErrorPtr error(raw_error);
  GCharPtr debug(raw_debug);
  std::string text = GST_OBJECT_NAME(GST_MESSAGE_SRC(message));
  text += ": ";
  text += error ? error->message : "unknown error";
  if (debug) {
    // The last line of the debug string names the reason ("streaming stopped, reason not-linked").
    std::string details = debug.get();
    const auto newline = details.find_last_of('\n');
    if (newline != std::string::npos) details = details.substr(newline + 1);
    text += " (" + details + ")";
  }
  return text;
}

MessagePtr pop_error_or_eos(GstBus* bus, GstClockTime timeout) {
  return MessagePtr(gst_bus_timed_pop_filtered(
      bus, timeout, static_cast<GstMessageType>(GST_MESSAGE_ERROR | GST_MESSAGE_EOS)));
}

}  // namespace votercast::media::pipeline
