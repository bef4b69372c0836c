#pragma once
// The part of a WebRTC link that does not depend on who offers or what flows: a pipeline
// holding one webrtcbin, the link's own event thread, and its state (LinkHealth) from ICE,
// from the packets that arrive and from errors, reported to the studio in order.
// CallerLink and ScreenerLink each own one and add their media chains and negotiation.
//
// Threads: every method from any thread but shut_down() (not from the event thread); the
// handlers run on GStreamer's streaming threads, the callbacks on the event thread.
#include <gst/gst.h>

#include <chrono>
#include <cstddef>
#include <functional>
#include <mutex>
#include <string>

#include "media/call/event_thread.hpp"
#include "media/call/link_callbacks.hpp"
#include "media/call/link_health.hpp"
#include "media/call/webrtc_setup.hpp"
#include "media/pipeline/gst_handles.hpp"

namespace votercast::media::call {

struct WebRtcLinkSetup {
  std::string kind;  // "call", "screener": names the pipeline and begins every error reason
  std::string name;
  IceSettings ice;
  // While connected, this long without a packet from the peer means lost.
  std::chrono::milliseconds silence_timeout{700};
};

// What the owner does on GStreamer's streaming threads.
struct WebRtcLinkHandlers {
  std::function<void(GstPad* pad)> on_incoming_pad;       // a source pad webrtcbin added
  std::function<void(std::size_t bytes)> on_packets;      // optional: each packet received
};

class WebRtcLink {
 public:
  // The pipeline with its webrtcbin, not yet playing: the owner adds its chains, then
  // start()s. Throws std::runtime_error (naming the link) when webrtcbin cannot be made.
  WebRtcLink(WebRtcLinkSetup setup, LinkCallbacks callbacks, WebRtcLinkHandlers handlers);
  ~WebRtcLink();
  WebRtcLink(const WebRtcLink&) = delete;
  WebRtcLink& operator=(const WebRtcLink&) = delete;

  GstBin* bin() const { return GST_BIN(pipeline_.get()); }
  GstElement* webrtc() const { return webrtc_; }

  // Sets the pipeline playing. Throws std::runtime_error when it does not start.
  void start();
  // Stops the callbacks, then every streaming thread: after it, nothing of the owner's is
  // called. The owner's destructor calls it first, while its own members still exist.
  void shut_down();

  // To the studio, through the event thread.
  void send_local_description(const std::string& type, std::string sdp);
  void fail(const std::string& reason);
  // Ends the link (closed) and stops its network; false when it was closed already.
  bool close(const std::string& reason);
  // A remote candidate for webrtcbin (which queues it until a description is set).
  void add_ice_candidate(unsigned mline_index, const std::string& candidate);

  bool closed() const;
  CallState state() const;
  // "call 'name': what", as every reason of this link begins.
  std::string describe(const std::string& what) const;

 private:
  void on_packets(std::size_t bytes);
  void on_ice_state();
  void report(std::optional<StateChange> change);

  const WebRtcLinkSetup setup_;
  const LinkCallbacks callbacks_;
  const WebRtcLinkHandlers handlers_;
  pipeline::PipelinePtr pipeline_;
  GstElement* webrtc_ = nullptr;  // owned by pipeline_

  mutable std::mutex mutex_;  // guards the two below
  LinkHealth health_;
  bool closed_ = false;

  EventThread events_;  // last: its tick reads the members above
};

}  // namespace votercast::media::call
