#include "media/call/webrtc_setup.hpp"

#include <memory>
#include <stdexcept>
#include <string_view>

#include "media/pipeline/gst_handles.hpp"
#include "media/pipeline/gst_runtime.hpp"

namespace votercast::media::call {
namespace {

constexpr int kBundleMaxBundle = 3;  // GstWebRTCBundlePolicy

struct PacketWatch {
  PacketHandler on_packets;
  gpointer target;
};

void watch_network_source(GstElement* element, const PacketWatch& watch) {
  GstElementFactory* factory = gst_element_get_factory(element);
  if (!factory || std::string_view(GST_OBJECT_NAME(factory)) != "nicesrc") return;
  pipeline::PadPtr source(gst_element_get_static_pad(element, "src"));
  gst_pad_add_probe(
      source.get(), static_cast<GstPadProbeType>(GST_PAD_PROBE_TYPE_BUFFER | GST_PAD_PROBE_TYPE_BUFFER_LIST),
      [](GstPad*, GstPadProbeInfo* info, gpointer data) {
        std::size_t bytes = 0;
        if (GST_PAD_PROBE_INFO_TYPE(info) & GST_PAD_PROBE_TYPE_BUFFER) {
          bytes = gst_buffer_get_size(GST_PAD_PROBE_INFO_BUFFER(info));
        } else {
          bytes = gst_buffer_list_calculate_size(GST_PAD_PROBE_INFO_BUFFER_LIST(info));
        }
        const auto* watch = static_cast<const PacketWatch*>(data);
        watch->on_packets(bytes, watch->target);
        return GST_PAD_PROBE_OK;
      },
      new PacketWatch(watch), [](gpointer data) { delete static_cast<PacketWatch*>(data); });
}

// libnice asks the network's router for UPnP port mappings while it gathers, unless told
// not to: on a station's network that is a multicast search and a port opened on its
// router for every call, and in the process a GUPnP context (threads, an HTTP server) per
// link whose teardown races the link's own. A studio server is reached through its own
// address, STUN or TURN.
void turn_off_upnp(GstObject* ice) {
  if (!ice || !g_object_class_find_property(G_OBJECT_GET_CLASS(ice), "agent")) return;
  GObject* raw_nice = nullptr;
  g_object_get(ice, "agent", &raw_nice, nullptr);
  if (!raw_nice) return;
  if (g_object_class_find_property(G_OBJECT_GET_CLASS(raw_nice), "upnp")) g_object_set(raw_nice, "upnp", FALSE, nullptr);
  g_object_unref(raw_nice);
}

}  // namespace

GstElement* add_webrtcbin(GstBin* bin, const IceSettings& settings, const std::string& link) {
  GstElement* webrtc = pipeline::make_element("webrtcbin", "webrtc");
  gst_bin_add(bin, webrtc);
  g_object_set(webrtc, "bundle-policy", kBundleMaxBundle, nullptr);
  if (!settings.stun_server.empty()) g_object_set(webrtc, "stun-server", settings.stun_server.c_str(), nullptr);
  if (!settings.turn_server.empty()) g_object_set(webrtc, "turn-server", settings.turn_server.c_str(), nullptr);
  if (settings.relay_only) gst_util_set_object_arg(G_OBJECT(webrtc), "ice-transport-policy", "relay");
  GstObject* raw_agent = nullptr;
  g_object_get(webrtc, "ice-agent", &raw_agent, nullptr);
  std::unique_ptr<GstObject, pipeline::GstObjectRelease> agent(raw_agent);
  turn_off_upnp(agent.get());
  for (const std::string& address : settings.local_addresses) {
    gboolean added = FALSE;
    // Once an address is given, libnice gathers on the given ones only.
    g_signal_emit_by_name(agent.get(), "add-local-ip-address", address.c_str(), &added);
    if (!added) throw std::runtime_error("call '" + link + "': cannot use local address " + address);
  }
  return webrtc;
}

std::string promise_error(GstPromise* promise, const char* what) {
  if (gst_promise_wait(promise) != GST_PROMISE_RESULT_REPLIED) return std::string(what) + ": no reply from webrtcbin";
  const GstStructure* reply = gst_promise_get_reply(promise);
  if (!reply || !gst_structure_has_field(reply, "error")) return {};
  GError* raw = nullptr;
  gst_structure_get(reply, "error", G_TYPE_ERROR, &raw, nullptr);
  pipeline::ErrorPtr error(raw);
  return std::string(what) + ": " + (error ? error->message : "unknown error");
}

void watch_received_packets(GstElement* pipeline, PacketHandler on_packets, gpointer target) {
  // webrtcbin makes its nicesrc elements as transports are needed, deep inside itself.
  g_signal_connect_data(pipeline, "deep-element-added",
                        G_CALLBACK(+[](GstBin*, GstBin*, GstElement* element, gpointer data) {
                          watch_network_source(element, *static_cast<const PacketWatch*>(data));
                        }),
                        new PacketWatch{on_packets, target},
                        [](gpointer data, GClosure*) { delete static_cast<PacketWatch*>(data); },
                        static_cast<GConnectFlags>(0));
}

std::optional<unsigned> transceiver_mline(GstPad* pad) {
  GstObject* raw_transceiver = nullptr;
  g_object_get(pad, "transceiver", &raw_transceiver, nullptr);
  std::unique_ptr<GstObject, pipeline::GstObjectRelease> transceiver(raw_transceiver);
  if (!transceiver) return std::nullopt;
  guint mline = G_MAXUINT;
  g_object_get(transceiver.get(), "mlineindex", &mline, nullptr);
  if (mline == G_MAXUINT) return std::nullopt;
  return mline;
}

}  // namespace votercast::media::call
