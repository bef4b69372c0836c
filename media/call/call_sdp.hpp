#pragma once
// What the server answers to a caller's offer: which of the offered codecs it takes and how
// the answer caps what the browser sends. webrtcbin negotiates the rest; it has no setting
// for a resolution or a bitrate, so the caps are written into the answer's SDP:
//  - the video codec: only the chosen one is answered (transceiver codec-preferences);
//  - b=AS (kbit/s, Chrome and Safari) and b=TIAS (bit/s, Firefox) on the video section;
//  - VP8: max-fs (frame size in 16x16 macroblocks) and max-fr (RFC 7741);
//  - H.264: the level of profile-level-id, lowered to 3.1 (1280x720 at 30 fps) at most.
// Browsers honour the bitrate; the frame size is also capped by the caller's page
// (getUserMedia constraints), and whatever arrives is scaled to the output size anyway.
#include <gst/sdp/sdp.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace votercast::media::call {

enum class VideoCodec { vp8, h264 };
const char* encoding_name(VideoCodec codec);  // "VP8", "H264"

struct CallPlan {
  std::optional<unsigned> audio_mline;  // the first Opus audio section
  std::optional<unsigned> video_mline;  // the first VP8 or H.264 video section
  VideoCodec video_codec = VideoCodec::vp8;
  int video_payload = -1;  // the offered payload type of video_codec
  // The offer's id for the transport-wide congestion control header extension on the video
  // section (draft-holmer-rmcat-transport-wide-cc-extensions), when it has one.
  std::optional<int> video_transport_cc;
};

// Prefers VP8 (cheaper to decode) over H.264, and H.264 in packetization-mode 1 (what
// browsers send). Throws std::invalid_argument when the offer has neither usable Opus
// audio nor usable video.
CallPlan plan_call(const GstSDPMessage& offer);

struct VideoLimits {
  int max_width = 1280;
  int max_height = 720;
  int max_fps = 30;
  int max_kbps = 2000;
};

// Writes the limits into the answer's video section (see the top of this file).
void cap_answer_video(GstSDPMessage& answer, const CallPlan& plan, const VideoLimits& limits);

// Answers the offer's transport-wide congestion control extension on the video section.
// A browser then numbers its video packets, the studio's RTP session reports when each
// arrived, and the browser's bandwidth estimate climbs to what the link carries (up to the
// caps). Without it Chromium's estimate stays near its starting 300 kbit/s and its encoder
// sends 480x270: webrtcbin 1.22 answers no header extension unless told.
void answer_transport_cc(GstSDPMessage& answer, const CallPlan& plan);

// The first payload type section mline gives encoding (its rtpmap name, "OPUS", "VP8",
// any case), -1 if none: e.g. what the return audio's payloader must stamp on its packets.
int payload_for(const GstSDPMessage& sdp, unsigned mline, std::string_view encoding);

// Names a stream we send in section mline of our offer or answer: a=msid and a=ssrc with
// its SSRC (which its payloader must then use). A browser hands a packet to a receiver by
// the SSRC it was told of; webrtcbin 1.22 writes none for a sending pad that has not
// negotiated yet (no media flows before the call is up), and Chromium then drops every
// packet of that stream.
void announce_sent_stream(GstSDPMessage& sdp, unsigned mline, std::uint32_t ssrc, const std::string& stream_id,
                          const std::string& track_id);

}  // namespace votercast::media::call
