#include "media/call/call_sdp.hpp"

#include <glib.h>

#include <algorithm>
#include <charconv>
#include <cstdlib>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace votercast::media::call {
namespace {

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && g_ascii_strncasecmp(a.data(), b.data(), a.size()) == 0;
}

// The payload types of section media whose rtpmap names encoding ("OPUS/48000/2" -> "OPUS").
std::vector<int> payloads_for(const GstSDPMedia& media, std::string_view encoding) {
  std::vector<int> found;
  for (guint i = 0; i < gst_sdp_media_attributes_len(&media); ++i) {
    const GstSDPAttribute* attribute = gst_sdp_media_get_attribute(&media, i);
    if (!attribute->key || std::string_view(attribute->key) != "rtpmap" || !attribute->value) continue;
    // "<pt> <encoding>/<clock>[/<channels>]"
    const std::string_view value(attribute->value);
    const auto space = value.find(' ');
    if (space == std::string_view::npos) continue;
    const std::string_view name = value.substr(space + 1, value.find('/', space) - space - 1);
    if (iequals(name, encoding)) found.push_back(std::atoi(std::string(value.substr(0, space)).c_str()));
  }
  return found;
}

std::string fmtp_of(const GstSDPMedia& media, int payload) {
  const std::string prefix = std::to_string(payload) + " ";
  for (guint i = 0; i < gst_sdp_media_attributes_len(&media); ++i) {
    const GstSDPAttribute* attribute = gst_sdp_media_get_attribute(&media, i);
    if (attribute->key && std::string_view(attribute->key) == "fmtp" && attribute->value &&
        std::string_view(attribute->value).starts_with(prefix)) {
      return attribute->value + prefix.size();
    }
  }
  return {};
}

// A section of that kind that is not rejected: port 0 rejects it unless it is bundle-only
// (it then shares the transport of the bundle's first section; JSEP, max-bundle).
bool is_kind(const GstSDPMedia& media, const char* kind) {
  const char* name = gst_sdp_media_get_media(&media);
  if (!name || std::string_view(name) != kind) return false;
  if (gst_sdp_media_get_port(&media) != 0) return true;
  for (guint i = 0; i < gst_sdp_media_attributes_len(&media); ++i) {
    const GstSDPAttribute* attribute = gst_sdp_media_get_attribute(&media, i);
    if (attribute->key && std::string_view(attribute->key) == "bundle-only") return true;
  }
  return false;
}

// Rewrites "<pt> <params>" of section media, or adds it.
void set_fmtp(GstSDPMedia& media, int payload, const std::string& params) {
  const std::string prefix = std::to_string(payload) + " ";
  const std::string value = prefix + params;
  for (guint i = 0; i < gst_sdp_media_attributes_len(&media); ++i) {
    const GstSDPAttribute* attribute = gst_sdp_media_get_attribute(&media, i);
    if (attribute->key && std::string_view(attribute->key) == "fmtp" && attribute->value &&
        std::string_view(attribute->value).starts_with(prefix)) {
      GstSDPAttribute replacement;
      gst_sdp_attribute_set(&replacement, "fmtp", value.c_str());
      gst_sdp_media_replace_attribute(&media, i, &replacement);
      return;
    }
  }
  gst_sdp_media_add_attribute(&media, "fmtp", value.c_str());
}

// H.264's profile-level-id with its level byte lowered to 3.1 (0x1f) at most.
std::string cap_h264_level(const std::string& fmtp) {
  const std::string key = "profile-level-id=";
  const auto at = fmtp.find(key);
  if (at == std::string::npos || at + key.size() + 6 > fmtp.size()) return fmtp;
  const std::string level_hex = fmtp.substr(at + key.size() + 4, 2);
  const long level = std::strtol(level_hex.c_str(), nullptr, 16);
  if (level <= 0x1f) return fmtp;
  std::string capped = fmtp;
  capped.replace(at + key.size() + 4, 2, "1f");
  return capped;
}

}  // namespace

const char* encoding_name(VideoCodec codec) { return codec == VideoCodec::vp8 ? "VP8" : "H264"; }

namespace {

constexpr std::string_view kTransportCc = "http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01";

// The id of a=extmap:<id>[/direction] <uri> in the section, if there.
std::optional<int> extension_id(const GstSDPMedia& media, std::string_view uri) {
  for (guint i = 0; i < gst_sdp_media_attributes_len(&media); ++i) {
    const GstSDPAttribute* attribute = gst_sdp_media_get_attribute(&media, i);
    if (g_strcmp0(attribute->key, "extmap") != 0 || !attribute->value) continue;
    const std::string_view value = attribute->value;
    const auto space = value.find(' ');
    if (space == std::string_view::npos) continue;
    auto rest = value.substr(space + 1);
    rest = rest.substr(0, rest.find(' '));  // extension attributes may follow the URI
    if (rest != uri) continue;
    int id = 0;
    const auto digits = value.substr(0, std::min(space, value.find('/')));
    const auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), id);
    if (error == std::errc() && end == digits.data() + digits.size() && id >= 1 && id <= 255) return id;
  }
  return std::nullopt;
}

}  // namespace

CallPlan plan_call(const GstSDPMessage& offer) {
  CallPlan plan;
  for (guint i = 0; i < gst_sdp_message_medias_len(&offer); ++i) {
    const GstSDPMedia& media = *gst_sdp_message_get_media(&offer, i);
    if (!plan.audio_mline && is_kind(media, "audio") && !payloads_for(media, "OPUS").empty()) plan.audio_mline = i;
    if (plan.video_mline || !is_kind(media, "video")) continue;
    if (const auto vp8 = payloads_for(media, "VP8"); !vp8.empty()) {
      plan.video_mline = i;
      plan.video_codec = VideoCodec::vp8;
      plan.video_payload = vp8.front();
    } else if (const auto h264 = payloads_for(media, "H264"); !h264.empty()) {
      plan.video_mline = i;
      plan.video_codec = VideoCodec::h264;
      // Packetization mode 0 (one NAL unit a packet) is rare in browsers; take mode 1 first.
      const auto mode1 = std::find_if(h264.begin(), h264.end(), [&](int payload) {
        return fmtp_of(media, payload).find("packetization-mode=1") != std::string::npos;
      });
      plan.video_payload = mode1 != h264.end() ? *mode1 : h264.front();
    }
    if (plan.video_mline == i) plan.video_transport_cc = extension_id(media, kTransportCc);
  }
  if (!plan.audio_mline && !plan.video_mline) {
    throw std::invalid_argument("the offer has neither Opus audio nor VP8 or H.264 video");
  }
  return plan;
}

void cap_answer_video(GstSDPMessage& answer, const CallPlan& plan, const VideoLimits& limits) {
  if (!plan.video_mline || *plan.video_mline >= gst_sdp_message_medias_len(&answer)) return;
  // The answer's section is ours to edit before it is set: webrtcbin reads it back from there.
  auto* media = const_cast<GstSDPMedia*>(gst_sdp_message_get_media(&answer, *plan.video_mline));
  gst_sdp_media_add_bandwidth(media, "AS", static_cast<guint>(limits.max_kbps));
  gst_sdp_media_add_bandwidth(media, "TIAS", static_cast<guint>(limits.max_kbps) * 1000u);
  for (const int payload : payloads_for(*media, encoding_name(plan.video_codec))) {
    if (plan.video_codec == VideoCodec::vp8) {
      const int macroblocks = ((limits.max_width + 15) / 16) * ((limits.max_height + 15) / 16);
      set_fmtp(*media, payload, "max-fs=" + std::to_string(macroblocks) + ";max-fr=" + std::to_string(limits.max_fps));
    } else {
      const std::string fmtp = fmtp_of(*media, payload);
      if (!fmtp.empty()) set_fmtp(*media, payload, cap_h264_level(fmtp));
    }
  }
}

void answer_transport_cc(GstSDPMessage& answer, const CallPlan& plan) {
  if (!plan.video_mline || !plan.video_transport_cc || *plan.video_mline >= gst_sdp_message_medias_len(&answer)) return;
  auto* media = const_cast<GstSDPMedia*>(gst_sdp_message_get_media(&answer, *plan.video_mline));
  if (extension_id(*media, kTransportCc)) return;  // webrtcbin answered it already
  const std::string value = std::to_string(*plan.video_transport_cc) + " " + std::string(kTransportCc);
  gst_sdp_media_add_attribute(media, "extmap", value.c_str());
}

int payload_for(const GstSDPMessage& sdp, unsigned mline, std::string_view encoding) {
  if (mline >= gst_sdp_message_medias_len(&sdp)) return -1;
  const auto payloads = payloads_for(*gst_sdp_message_get_media(&sdp, mline), encoding);
  return payloads.empty() ? -1 : payloads.front();
}

void announce_sent_stream(GstSDPMessage& sdp, unsigned mline, std::uint32_t ssrc, const std::string& stream_id,
                          const std::string& track_id) {
  if (mline >= gst_sdp_message_medias_len(&sdp)) return;
  auto* media = const_cast<GstSDPMedia*>(gst_sdp_message_get_media(&sdp, mline));
  const std::string id = std::to_string(ssrc);
  const std::string msid = stream_id + " " + track_id;
  gst_sdp_media_add_attribute(media, "msid", msid.c_str());
  gst_sdp_media_add_attribute(media, "ssrc", (id + " cname:" + stream_id).c_str());
  gst_sdp_media_add_attribute(media, "ssrc", (id + " msid:" + msid).c_str());
}

}  // namespace votercast::media::call
