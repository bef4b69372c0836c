#include "media/call/webrtc_link.hpp"

#include <stdexcept>
#include <utility>

#include "media/pipeline/gst_runtime.hpp"

namespace votercast::media::call {
namespace {

constexpr std::chrono::milliseconds kTickPeriod{50};

}  // namespace

WebRtcLink::WebRtcLink(WebRtcLinkSetup setup, LinkCallbacks callbacks, WebRtcLinkHandlers handlers)
    : setup_(std::move(setup)),
      callbacks_(std::move(callbacks)),
      handlers_(std::move(handlers)),
      health_(setup_.silence_timeout),
      events_(kTickPeriod, [this] {
        std::optional<StateChange> change;
        {
          std::lock_guard lock(mutex_);
          change = health_.on_tick(std::chrono::steady_clock::now());
        }
        report(std::move(change));
      }) {
  pipeline::ensure_gstreamer();
  pipeline_.reset(gst_pipeline_new((setup_.kind + "-" + setup_.name).c_str()));
  webrtc_ = add_webrtcbin(bin(), setup_.ice, setup_.name);

  g_signal_connect(webrtc_, "on-ice-candidate", G_CALLBACK(+[](GstElement*, guint mline, gchar* candidate, gpointer self) {
                     auto* link = static_cast<WebRtcLink*>(self);
                     link->events_.post([link, mline, text = std::string(candidate ? candidate : "")] {
                       if (link->callbacks_.on_ice_candidate) link->callbacks_.on_ice_candidate(mline, text);
                     });
                   }),
                   this);
  g_signal_connect(webrtc_, "notify::ice-connection-state", G_CALLBACK(+[](GstElement*, GParamSpec*, gpointer self) {
                     static_cast<WebRtcLink*>(self)->on_ice_state();
                   }),
                   this);
  g_signal_connect(webrtc_, "pad-added", G_CALLBACK(+[](GstElement*, GstPad* pad, gpointer self) {
                     auto* link = static_cast<WebRtcLink*>(self);
                     if (GST_PAD_DIRECTION(pad) == GST_PAD_SRC && link->handlers_.on_incoming_pad) {
                       link->handlers_.on_incoming_pad(pad);
                     }
                   }),
                   this);
  // The peer's packets as they come off the network, before a jitter buffer holds them
  // back: what the silence timeout watches.
  watch_received_packets(
      pipeline_.get(), [](std::size_t bytes, gpointer self) { static_cast<WebRtcLink*>(self)->on_packets(bytes); },
      this);

  // Errors are handled where they are posted; nothing else is kept on the bus, which
  // nobody pops (a call lasts hours).
  pipeline::BusPtr bus(gst_element_get_bus(pipeline_.get()));
  gst_bus_set_sync_handler(
      bus.get(),
      [](GstBus*, GstMessage* message, gpointer self) {
        if (GST_MESSAGE_TYPE(message) == GST_MESSAGE_ERROR) {
          static_cast<WebRtcLink*>(self)->fail(pipeline::describe_message(message));
        }
        return GST_BUS_DROP;
      },
      this, nullptr);
}

WebRtcLink::~WebRtcLink() { shut_down(); }

void WebRtcLink::start() {
  if (gst_element_set_state(pipeline_.get(), GST_STATE_PLAYING) == GST_STATE_CHANGE_FAILURE) {
    throw std::runtime_error(describe("the WebRTC pipeline does not start"));
  }
}

void WebRtcLink::shut_down() {
  // The studio's callbacks first: once they stop, nothing calls into webrtcbin from there.
  events_.stop();
  pipeline_.reset();  // to NULL: every streaming thread and webrtcbin's own thread end here
}

void WebRtcLink::send_local_description(const std::string& type, std::string sdp) {
  events_.post([this, type, text = std::move(sdp)] {
    if (callbacks_.on_local_description) callbacks_.on_local_description(type, text);
  });
}

void WebRtcLink::add_ice_candidate(unsigned mline_index, const std::string& candidate) {
  if (closed()) return;
  g_signal_emit_by_name(webrtc_, "add-ice-candidate", mline_index, candidate.empty() ? nullptr : candidate.c_str());
}

void WebRtcLink::on_packets(std::size_t bytes) {
  if (handlers_.on_packets) handlers_.on_packets(bytes);
  std::optional<StateChange> change;
  {
    std::lock_guard lock(mutex_);
    change = health_.on_media(std::chrono::steady_clock::now());
  }
  report(std::move(change));
}

void WebRtcLink::on_ice_state() {
  int ice = 0;
  g_object_get(webrtc_, "ice-connection-state", &ice, nullptr);
  std::optional<StateChange> change;
  {
    std::lock_guard lock(mutex_);
    change = health_.on_ice(static_cast<IceState>(ice));
  }
  report(std::move(change));
}

void WebRtcLink::fail(const std::string& reason) {
  std::optional<StateChange> change;
  {
    std::lock_guard lock(mutex_);
    change = health_.on_failure(describe(reason));
  }
  report(std::move(change));
}

bool WebRtcLink::close(const std::string& reason) {
  std::optional<StateChange> change;
  {
    std::lock_guard lock(mutex_);
    if (closed_) return false;
    closed_ = true;
    change = health_.on_close(reason);
  }
  report(std::move(change));
  if (pipeline_) gst_element_set_state(pipeline_.get(), GST_STATE_NULL);
  return true;
}

void WebRtcLink::report(std::optional<StateChange> change) {
  if (!change) return;
  events_.post([this, change = std::move(*change)] {
    if (callbacks_.on_state) callbacks_.on_state(change.state, change.reason);
  });
}

bool WebRtcLink::closed() const {
  std::lock_guard lock(mutex_);
  return closed_;
}

CallState WebRtcLink::state() const {
  std::lock_guard lock(mutex_);
  return health_.state();
}

std::string WebRtcLink::describe(const std::string& what) const {
  return setup_.kind + " '" + setup_.name + "': " + what;
}

}  // namespace votercast::media::call
