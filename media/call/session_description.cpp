#include "media/call/session_description.hpp"

#include <gst/gst.h>

#include <stdexcept>

namespace votercast::media::call {
namespace {

// GstWebRTCSessionDescription's public layout (gst/webrtc/rtcsessiondescription.h).
struct SessionDescriptionLayout {
  int type;  // GstWebRTCSDPType
  GstSDPMessage* sdp;
};

const SessionDescriptionLayout* layout(gconstpointer description) {
  return static_cast<const SessionDescriptionLayout*>(description);
}

}  // namespace

GType session_description_gtype() {
  const GType type = g_type_from_name("GstWebRTCSessionDescription");
  if (type == 0) throw std::logic_error("GstWebRTCSessionDescription is not registered: create a webrtcbin first");
  return type;
}

void SessionDescriptionRelease::operator()(gpointer description) const {
  // The boxed free is gst_webrtc_session_description_free: gst_sdp_message_free + g_free,
  // which is also how make_session_description allocates it.
  if (description) g_boxed_free(session_description_gtype(), description);
}

SdpMessagePtr parse_sdp(const std::string& text) {
  // gst_sdp_message_parse_buffer accepts almost anything; a usable description has at least
  // a version line first and one media section.
  if (!text.starts_with("v=")) throw std::invalid_argument("not an SDP description (it must start with \"v=\")");
  GstSDPMessage* raw = nullptr;
  gst_sdp_message_new(&raw);
  SdpMessagePtr message(raw);
  if (gst_sdp_message_parse_buffer(reinterpret_cast<const guint8*>(text.data()), static_cast<guint>(text.size()),
                                   message.get()) != GST_SDP_OK) {
    throw std::invalid_argument("the SDP description does not parse");
  }
  if (gst_sdp_message_medias_len(message.get()) == 0) throw std::invalid_argument("the SDP has no media section");
  return message;
}

std::string sdp_text(const GstSDPMessage& message) {
  gchar* raw = gst_sdp_message_as_text(&message);
  std::string text = raw ? raw : "";
  g_free(raw);
  return text;
}

SessionDescriptionPtr make_session_description(SdpType type, SdpMessagePtr message) {
  auto* description = g_new0(SessionDescriptionLayout, 1);
  description->type = static_cast<int>(type);
  description->sdp = message.release();
  return SessionDescriptionPtr(description);
}

SdpType session_description_type(gconstpointer description) { return static_cast<SdpType>(layout(description)->type); }

const GstSDPMessage* session_description_sdp(gconstpointer description) { return layout(description)->sdp; }

SessionDescriptionPtr take_session_description(const GstStructure* reply, const char* field) {
  gpointer description = nullptr;
  if (!reply || !gst_structure_get(reply, field, session_description_gtype(), &description, nullptr)) return {};
  return SessionDescriptionPtr(description);
}

}  // namespace votercast::media::call
