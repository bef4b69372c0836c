// Which codec the server takes from a browser's offer, and the caps its answer carries.
#include <gtest/gtest.h>

#include <stdexcept>

#include "media/call/call_sdp.hpp"
#include "media/call/session_description.hpp"

namespace votercast::media::call {
namespace {

// The shape of a Chrome offer: audio first, video with VP8, VP9, H.264 and RTX.
const char* const kChromeLikeOffer =
    "v=0\r\no=- 46117 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\na=group:BUNDLE 0 1\r\n"
    "m=audio 9 UDP/TLS/RTP/SAVPF 111 0\r\nc=IN IP4 0.0.0.0\r\na=mid:0\r\na=sendrecv\r\n"
    "a=rtpmap:111 opus/48000/2\r\na=fmtp:111 minptime=10;useinbandfec=1\r\na=rtpmap:0 PCMU/8000\r\n"
    "m=video 9 UDP/TLS/RTP/SAVPF 96 97 98 102 103\r\nc=IN IP4 0.0.0.0\r\na=mid:1\r\na=sendonly\r\n"
    "a=rtpmap:96 VP8/90000\r\na=rtpmap:97 rtx/90000\r\na=fmtp:97 apt=96\r\na=rtpmap:98 VP9/90000\r\n"
    "a=rtpmap:102 H264/90000\r\n"
    "a=fmtp:102 level-asymmetry-allowed=1;packetization-mode=0;profile-level-id=42001f\r\n"
    "a=rtpmap:103 H264/90000\r\n"
    "a=fmtp:103 level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=640034\r\n";

std::string without_vp8(std::string offer) {
  const std::string line = "a=rtpmap:96 VP8/90000\r\n";
  offer.erase(offer.find(line), line.size());
  return offer;
}

TEST(CallSdp, TakesOpusAndPrefersVp8) {
  const auto offer = parse_sdp(kChromeLikeOffer);
  const CallPlan plan = plan_call(*offer);
  EXPECT_EQ(plan.audio_mline, 0u);
  EXPECT_EQ(plan.video_mline, 1u);
  EXPECT_EQ(plan.video_codec, VideoCodec::vp8);
  EXPECT_EQ(plan.video_payload, 96);
}

TEST(CallSdp, TakesH264InPacketizationModeOneWithoutVp8) {
  const auto offer = parse_sdp(without_vp8(kChromeLikeOffer));
  const CallPlan plan = plan_call(*offer);
  EXPECT_EQ(plan.video_codec, VideoCodec::h264);
  EXPECT_EQ(plan.video_payload, 103);
}

TEST(CallSdp, ABundleOnlySectionWithPortZeroCounts) {
  const std::string offer =
      "v=0\r\no=- 1 0 IN IP4 0.0.0.0\r\ns=-\r\nt=0 0\r\n"
      "m=audio 9 UDP/TLS/RTP/SAVPF 111\r\na=rtpmap:111 OPUS/48000/2\r\n"
      "m=video 0 UDP/TLS/RTP/SAVPF 96\r\na=bundle-only\r\na=rtpmap:96 VP8/90000\r\n"
      "m=video 0 UDP/TLS/RTP/SAVPF 97\r\na=rtpmap:97 VP8/90000\r\n";
  EXPECT_EQ(plan_call(*parse_sdp(offer)).video_mline, 1u);
  const std::string rejected_only =
      "v=0\r\no=- 1 0 IN IP4 0.0.0.0\r\ns=-\r\nt=0 0\r\nm=video 0 UDP/TLS/RTP/SAVPF 97\r\na=rtpmap:97 VP8/90000\r\n";
  EXPECT_THROW(plan_call(*parse_sdp(rejected_only)), std::invalid_argument) << "port 0 rejects a section";
}

TEST(CallSdp, RefusesAnOfferWithNothingUsable) {
  const std::string offer =
      "v=0\r\no=- 1 0 IN IP4 0.0.0.0\r\ns=-\r\nt=0 0\r\n"
      "m=audio 9 UDP/TLS/RTP/SAVPF 0\r\na=rtpmap:0 PCMU/8000\r\n"
      "m=video 9 UDP/TLS/RTP/SAVPF 98\r\na=rtpmap:98 VP9/90000\r\n";
  EXPECT_THROW(plan_call(*parse_sdp(offer)), std::invalid_argument);
  EXPECT_THROW(parse_sdp("m=audio 9 RTP/AVP 0\r\n"), std::invalid_argument) << "no version line";
  EXPECT_THROW(parse_sdp("v=0\r\ns=-\r\n"), std::invalid_argument) << "no media";
}

TEST(CallSdp, CapsVp8ByFrameSizeRateAndBitrate) {
  auto answer = parse_sdp(
      "v=0\r\no=- 1 0 IN IP4 0.0.0.0\r\ns=-\r\nt=0 0\r\n"
      "m=audio 9 UDP/TLS/RTP/SAVPF 111\r\na=rtpmap:111 OPUS/48000/2\r\n"
      "m=video 9 UDP/TLS/RTP/SAVPF 96\r\na=rtpmap:96 VP8/90000\r\na=recvonly\r\n");
  CallPlan plan;
  plan.audio_mline = 0;
  plan.video_mline = 1;
  cap_answer_video(*answer, plan, {.max_width = 1280, .max_height = 720, .max_fps = 30, .max_kbps = 1500});
  const std::string text = sdp_text(*answer);
  EXPECT_NE(text.find("b=AS:1500\r\n"), std::string::npos) << text;
  EXPECT_NE(text.find("b=TIAS:1500000\r\n"), std::string::npos) << text;
  EXPECT_NE(text.find("a=fmtp:96 max-fs=3600;max-fr=30\r\n"), std::string::npos) << text;
  EXPECT_EQ(text.find("b=AS", text.find("m=video")), text.find("b=AS")) << "only on the video section";
  EXPECT_EQ(payload_for(*answer, 0, "OPUS"), 111);
  EXPECT_EQ(payload_for(*answer, 1, "OPUS"), -1);
  EXPECT_EQ(payload_for(*answer, 1, "vp8"), 96) << "names match in any case";
  EXPECT_EQ(payload_for(*answer, 9, "VP8"), -1) << "no such section";
}

// Chromium hands a packet to a receiver only by an SSRC it was told of: the answer names
// the return audio's, in its own section only.
TEST(CallSdp, TheAnswerNamesTheReturnAudiosSsrc) {
  auto answer = parse_sdp(
      "v=0\r\no=- 1 0 IN IP4 0.0.0.0\r\ns=-\r\nt=0 0\r\n"
      "m=audio 9 UDP/TLS/RTP/SAVPF 111\r\na=rtpmap:111 OPUS/48000/2\r\na=sendrecv\r\n"
      "m=video 9 UDP/TLS/RTP/SAVPF 96\r\na=rtpmap:96 VP8/90000\r\na=recvonly\r\n");
  announce_sent_stream(*answer, 0, 3735928559u, "votercast-studio", "return-audio");
  announce_sent_stream(*answer, 7, 1u, "votercast-studio", "return-audio");  // no such section: nothing
  const std::string text = sdp_text(*answer);
  const auto video = text.find("m=video");
  const auto ssrc = text.find("a=ssrc:3735928559 cname:");
  EXPECT_NE(ssrc, std::string::npos) << text;
  EXPECT_LT(ssrc, video) << text;
  EXPECT_NE(text.find("a=ssrc:3735928559 msid:votercast-studio return-audio\r\n"), std::string::npos) << text;
  EXPECT_LT(text.find("a=msid:votercast-studio return-audio\r\n"), video) << text;
  EXPECT_EQ(text.find("a=ssrc", video), std::string::npos) << "the video section is receive-only";
}

// Chromium's bandwidth estimate needs transport-wide congestion control feedback: the
// answer takes the offer's extension id on the video section, and only there.
TEST(CallSdp, TheAnswerTakesTheOffersTransportCcOnVideo) {
  const auto offer = parse_sdp(
      "v=0\r\no=- 1 0 IN IP4 0.0.0.0\r\ns=-\r\nt=0 0\r\n"
      "m=audio 9 UDP/TLS/RTP/SAVPF 111\r\na=rtpmap:111 OPUS/48000/2\r\n"
      "a=extmap:3 http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01\r\n"
      "m=video 9 UDP/TLS/RTP/SAVPF 96\r\na=rtpmap:96 VP8/90000\r\n"
      "a=extmap:2 urn:ietf:params:rtp-hdrext:toffset\r\n"
      "a=extmap:5/sendonly http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01\r\n");
  const CallPlan plan = plan_call(*offer);
  EXPECT_EQ(plan.video_transport_cc, 5);
  auto answer = parse_sdp(
      "v=0\r\no=- 1 0 IN IP4 0.0.0.0\r\ns=-\r\nt=0 0\r\n"
      "m=audio 9 UDP/TLS/RTP/SAVPF 111\r\na=rtpmap:111 OPUS/48000/2\r\n"
      "m=video 9 UDP/TLS/RTP/SAVPF 96\r\na=rtpmap:96 VP8/90000\r\na=recvonly\r\n");
  answer_transport_cc(*answer, plan);
  answer_transport_cc(*answer, plan);  // once is enough
  const std::string text = sdp_text(*answer);
  const std::string line = "a=extmap:5 http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01\r\n";
  EXPECT_GT(text.find(line), text.find("m=video")) << text;
  EXPECT_EQ(text.find(line), text.rfind(line)) << text;
  EXPECT_EQ(text.find("toffset"), std::string::npos) << "only what the estimate needs";

  const auto without = parse_sdp(
      "v=0\r\no=- 1 0 IN IP4 0.0.0.0\r\ns=-\r\nt=0 0\r\nm=video 9 UDP/TLS/RTP/SAVPF 96\r\na=rtpmap:96 VP8/90000\r\n");
  EXPECT_FALSE(plan_call(*without).video_transport_cc);
}

TEST(CallSdp, LowersTheH264LevelTo31) {
  auto answer = parse_sdp(
      "v=0\r\no=- 1 0 IN IP4 0.0.0.0\r\ns=-\r\nt=0 0\r\n"
      "m=video 9 UDP/TLS/RTP/SAVPF 103\r\na=rtpmap:103 H264/90000\r\n"
      "a=fmtp:103 level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=640034\r\n");
  CallPlan plan;
  plan.video_mline = 0;
  plan.video_codec = VideoCodec::h264;
  cap_answer_video(*answer, plan, {});
  EXPECT_NE(sdp_text(*answer).find("profile-level-id=64001f"), std::string::npos) << sdp_text(*answer);
}

}  // namespace
}  // namespace votercast::media::call
