#pragma once
// What both links (CallerLink, ScreenerLink) do the same with their webrtcbin: make it with
// their ICE settings, read the error out of its promises, and watch the packets that come
// off the network (what their silence timeout and byte counts go by).
#include <gst/gst.h>

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace votercast::media::call {

struct IceSettings {
  // ICE servers as webrtcbin takes them: stun://host:port, turn(s)://user:password@host:port.
  std::string stun_server;
  std::string turn_server;
  std::vector<std::string> local_addresses;  // gather host candidates on these only (empty: all)
  bool relay_only = false;                   // ICE transport policy "relay"
};

// A webrtcbin added to bin: max-bundle, ICE as settings say. Throws std::runtime_error
// (naming link) when an address cannot be used.
GstElement* add_webrtcbin(GstBin* bin, const IceSettings& settings, const std::string& link);

// Waits for webrtcbin's reply to promise; empty when it succeeded, else what went wrong.
std::string promise_error(GstPromise* promise, const char* what);

// The m-line index of the transceiver an incoming pad of webrtcbin belongs to, if any.
std::optional<unsigned> transceiver_mline(GstPad* pad);

// Calls on_packets(bytes, target) on a streaming thread for each packet (RTP, RTCP, DTLS)
// webrtcbin in pipeline receives, as it comes off the network, before any jitter buffer
// holds it back. target must outlive the pipeline's streaming.
using PacketHandler = void (*)(std::size_t bytes, gpointer target);
void watch_received_packets(GstElement* pipeline, PacketHandler on_packets, gpointer target);

}  // namespace votercast::media::call
