#include "srt_test_sender.hpp"

#include <gst/gst.h>

#include <chrono>
#include <string>
#include <thread>

namespace votercast::media::test {

struct SrtTestSender::Pipeline {
  GstElement* element = nullptr;
  ~Pipeline() {
    if (element) {
      gst_element_set_state(element, GST_STATE_NULL);
      gst_object_unref(element);
    }
  }
};

SrtTestSender::SrtTestSender(int port, std::uint32_t argb) : port_(port), argb_(argb) {
  if (!gst_is_initialized()) gst_init(nullptr, nullptr);
}

SrtTestSender::~SrtTestSender() { stop(); }

bool SrtTestSender::start() {
  const std::string launch =
      "videotestsrc is-live=true pattern=solid-color foreground-color=" + std::to_string(argb_) +
      " ! video/x-raw,format=I420,width=320,height=180,framerate=25/1"
      " ! x264enc speed-preset=ultrafast tune=zerolatency key-int-max=25 bitrate=500 ! h264parse"
      " ! mpegtsmux name=mux alignment=7 ! srtsink uri=srt://127.0.0.1:" + std::to_string(port_) +
      " audiotestsrc is-live=true freq=440 ! audio/x-raw,rate=48000,channels=2 ! voaacenc ! aacparse ! mux.";
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(8);
  while (std::chrono::steady_clock::now() < deadline) {
    auto pipeline = std::make_unique<Pipeline>();
    GError* error = nullptr;
    pipeline->element = gst_parse_launch(launch.c_str(), &error);
    if (error) {
      g_error_free(error);
      return false;
    }
    gst_element_set_state(pipeline->element, GST_STATE_PLAYING);
    // The caller fails fast ("connection does not exist") if the listener is not up yet.
    GstBus* bus = gst_element_get_bus(pipeline->element);
    GstMessage* message = gst_bus_timed_pop_filtered(bus, 1500 * GST_MSECOND, GST_MESSAGE_ERROR);
    gst_object_unref(bus);
    if (!message) {
      pipeline_ = std::move(pipeline);
      return true;
    }
    gst_message_unref(message);
    pipeline.reset();
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
  }
  return false;
}

void SrtTestSender::stop() { pipeline_.reset(); }

}  // namespace votercast::media::test
