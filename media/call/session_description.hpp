#pragma once
// GstWebRTCSessionDescription without libgstwebrtc's headers. Debian ships them only in
// libgstreamer-plugins-bad1.0-dev, which pulls 135 packages (OpenCV among them) into every
// build for one two-field struct, so we mirror that struct here and find its GType at run
// time. The layout ({GstWebRTCSDPType type; GstSDPMessage* sdp}) is public, stable ABI
// since GStreamer 1.14, and the boxed type's copy and free only touch these two fields.
#include <glib-object.h>
#include <gst/sdp/sdp.h>

#include <memory>
#include <string>

namespace votercast::media::call {

// GstWebRTCSDPType's values.
enum class SdpType : int { offer = 1, pranswer = 2, answer = 3, rollback = 4 };

// The boxed type; registered once a webrtcbin has been created (its properties use it).
GType session_description_gtype();

struct SessionDescriptionRelease {
  void operator()(gpointer description) const;
};
// An owned GstWebRTCSessionDescription*, opaque to us except through the functions below.
using SessionDescriptionPtr = std::unique_ptr<void, SessionDescriptionRelease>;

struct SdpMessageRelease {
  void operator()(GstSDPMessage* message) const { if (message) gst_sdp_message_free(message); }
};
using SdpMessagePtr = std::unique_ptr<GstSDPMessage, SdpMessageRelease>;

// Parses SDP text; throws std::invalid_argument saying why when it is not SDP at all.
SdpMessagePtr parse_sdp(const std::string& text);
std::string sdp_text(const GstSDPMessage& message);

// A new description that takes the message.
SessionDescriptionPtr make_session_description(SdpType type, SdpMessagePtr message);
SdpType session_description_type(gconstpointer description);
// The description's SDP, owned by the description.
const GstSDPMessage* session_description_sdp(gconstpointer description);

// Takes the description stored under field (a GstPromise reply's "offer" or "answer").
SessionDescriptionPtr take_session_description(const GstStructure* reply, const char* field);

}  // namespace votercast::media::call
