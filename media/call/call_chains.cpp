#include "media/call/call_chains.hpp"

#include <gst/app/gstappsrc.h>

#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "media/pipeline/gst_handles.hpp"
#include "media/pipeline/gst_runtime.hpp"

namespace votercast::media::call {
namespace {

using pipeline::CapsPtr;
using pipeline::make_element;
using pipeline::PadPtr;

constexpr int kAppSrcLeakUpstream = 1;    // GstAppLeakyType: drop the newest
constexpr int kAppSrcLeakDownstream = 2;  // GstAppLeakyType: drop the oldest
constexpr int kDirectionSendOnly = 2;     // GstWebRTCRTPTransceiverDirection

CapsPtr audio_caps() {
  return CapsPtr(gst_caps_new_simple("audio/x-raw", "format", G_TYPE_STRING, "S16LE", "rate", G_TYPE_INT, kAudioRate,
                                     "channels", G_TYPE_INT, kAudioChannels, "layout", G_TYPE_STRING, "interleaved",
                                     nullptr));
}

GstElement* make_appsink(const char* name, SampleHandler on_sample, gpointer target) {
  GstElement* sink = make_element("appsink", name);
  // Never pace on the clock: what arrives is taken at once.
  g_object_set(sink, "sync", FALSE, "async", FALSE, "enable-last-sample", FALSE, nullptr);
  GstAppSinkCallbacks callbacks{};
  callbacks.new_sample = on_sample;
  gst_app_sink_set_callbacks(GST_APP_SINK(sink), &callbacks, target, nullptr);
  return sink;
}

// Adds the chain to bin, links it in order, brings it to the bin's state (sinks first) and
// links pad to its head.
void add_chain_from(GstBin* bin, GstPad* pad, const std::vector<GstElement*>& chain) {
  for (GstElement* element : chain) gst_bin_add(bin, element);
  for (std::size_t i = 1; i < chain.size(); ++i) {
    if (!gst_element_link(chain[i - 1], chain[i])) {
      throw std::runtime_error(std::string("cannot link ") + GST_OBJECT_NAME(chain[i - 1]) + " to " +
                               GST_OBJECT_NAME(chain[i]));
    }
  }
  for (auto it = chain.rbegin(); it != chain.rend(); ++it) gst_element_sync_state_with_parent(*it);
  if (!pad) return;
  PadPtr head(gst_element_get_static_pad(chain.front(), "sink"));
  if (gst_pad_link(pad, head.get()) != GST_PAD_LINK_OK) {
    throw std::runtime_error(std::string("cannot link webrtcbin's ") + GST_PAD_NAME(pad) + " to " +
                             GST_OBJECT_NAME(chain.front()));
  }
}

// A payloader picks its SSRC when it starts; set later, the property is not used.
std::uint32_t fix_ssrc(GstElement* payloader) {
  const std::uint32_t ssrc = g_random_int_range(1, G_MAXINT32);
  g_object_set(payloader, "ssrc", static_cast<guint>(ssrc), nullptr);
  return ssrc;
}

using TransceiverPtr = std::unique_ptr<GstObject, pipeline::GstObjectRelease>;

// Links payloader to a new sink pad of webrtc, which comes with a new sendrecv transceiver of
// caps' kind. (Webrtcbin 1.22 does not give such a pad a transceiver made by add-transceiver:
// the pad would never be negotiated.)
TransceiverPtr link_to_new_transceiver(GstElement* webrtc, GstElement* payloader, GstCaps* caps) {
  GstPadTemplate* sink_template = gst_element_class_get_pad_template(GST_ELEMENT_GET_CLASS(webrtc), "sink_%u");
  PadPtr sink(gst_element_request_pad(webrtc, sink_template, nullptr, caps));
  PadPtr source_pad(gst_element_get_static_pad(payloader, "src"));
  if (!sink || gst_pad_link(source_pad.get(), sink.get()) != GST_PAD_LINK_OK) {
    throw std::runtime_error(std::string("cannot link ") + GST_OBJECT_NAME(payloader) + " to webrtcbin");
  }
  GstObject* transceiver = nullptr;
  g_object_get(sink.get(), "transceiver", &transceiver, nullptr);
  if (!transceiver) throw std::runtime_error(std::string("webrtcbin gave ") + GST_OBJECT_NAME(payloader) + " no transceiver");
  return TransceiverPtr(transceiver);
}

// What our offer makes of the transceiver: the pad's caps only pick its kind, and before
// media has flowed webrtcbin knows no more than the payloader's template (a payload type
// range), from which it cannot write a section.
void prefer(const TransceiverPtr& transceiver, GstCaps* caps) {
  g_object_set(transceiver.get(), "codec-preferences", caps, nullptr);
}

}  // namespace

std::size_t audio_frames_for(std::chrono::milliseconds duration) {
  return static_cast<std::size_t>(duration.count()) * kAudioRate / 1000;
}

void add_video_receiver(GstBin* bin, GstPad* pad, VideoCodec codec, int width, int height, SampleHandler on_picture,
                        gpointer target) {
  std::vector<GstElement*> chain;
  if (codec == VideoCodec::vp8) {
    chain = {make_element("rtpvp8depay"), make_element("vp8dec")};
  } else {
    chain = {make_element("rtph264depay"), make_element("h264parse"), make_element("avdec_h264")};
  }
  // After a lost packet, ask the browser for a key frame and decode nothing until it comes:
  // on air a frozen picture is better than a smeared one.
  g_object_set(chain.front(), "request-keyframe", TRUE, "wait-for-keyframe", TRUE, nullptr);
  // Decoded pictures wait here at most two deep: if scaling falls behind, old pictures go,
  // so the newest one is never late.
  GstElement* leaky = make_element("queue");
  g_object_set(leaky, "max-size-buffers", 2u, "max-size-bytes", 0u, "max-size-time", guint64{0}, nullptr);
  gst_util_set_object_arg(G_OBJECT(leaky), "leaky", "downstream");
  GstElement* scale = make_element("videoscale");
  g_object_set(scale, "add-borders", TRUE, nullptr);  // letterbox: keep the caller's aspect
  GstElement* format = make_element("capsfilter");
  CapsPtr caps(gst_caps_new_simple("video/x-raw", "format", G_TYPE_STRING, "I420", "width", G_TYPE_INT, width,
                                   "height", G_TYPE_INT, height, "pixel-aspect-ratio", GST_TYPE_FRACTION, 1, 1,
                                   nullptr));
  g_object_set(format, "caps", caps.get(), nullptr);
  GstElement* sink = make_appsink("video-sink", on_picture, target);
  g_object_set(sink, "drop", TRUE, "max-buffers", 1u, nullptr);  // only the newest picture matters
  for (GstElement* element : {leaky, make_element("videoconvert"), scale, format, sink}) chain.push_back(element);
  add_chain_from(bin, pad, chain);
}

void add_audio_receiver(GstBin* bin, GstPad* pad, SampleHandler on_sound, gpointer target) {
  GstElement* decoder = make_element("opusdec");
  g_object_set(decoder, "plc", TRUE, nullptr);  // a lost packet is concealed, not a click
  GstElement* format = make_element("capsfilter");
  CapsPtr caps = audio_caps();
  g_object_set(format, "caps", caps.get(), nullptr);
  add_chain_from(bin, pad,
                 {make_element("rtpopusdepay"), decoder, make_element("audioconvert"), make_element("audioresample"),
                  format, make_appsink("audio-sink", on_sound, target)});
}

void add_discard(GstBin* bin, GstPad* pad) {
  GstElement* sink = make_element("fakesink");
  g_object_set(sink, "sync", FALSE, "async", FALSE, nullptr);
  add_chain_from(bin, pad, {sink});
}

RtpSender add_audio_sender(GstBin* bin, GstElement* webrtc, std::chrono::milliseconds max_delay, int payload) {
  GstElement* source = make_element("appsrc", "sent-audio");
  CapsPtr caps = audio_caps();
  const guint64 max_bytes = audio_frames_for(max_delay) * kAudioChannels * sizeof(std::int16_t);
  // Live and never blocking: whoever pushes (the programme's audio) must not wait on us.
  g_object_set(source, "caps", caps.get(), "format", GST_FORMAT_TIME, "is-live", TRUE, "do-timestamp", TRUE, "block",
               FALSE, "max-bytes", max_bytes, "leaky-type", kAppSrcLeakDownstream, nullptr);
  GstElement* encoder = make_element("opusenc");
  GstElement* payloader = make_element("rtpopuspay");
  CapsPtr opus(gst_caps_from_string("application/x-rtp,media=audio,encoding-name=OPUS,clock-rate=48000"));
  if (payload >= 0) {
    g_object_set(payloader, "pt", static_cast<guint>(payload), nullptr);
    // Our offer's rtpmap and fmtp come from these: "111 OPUS/48000/2", "minptime=10;useinbandfec=1".
    gst_caps_set_simple(opus.get(), "payload", G_TYPE_INT, payload, "encoding-params", G_TYPE_STRING, "2", "minptime",
                        G_TYPE_STRING, "10", "useinbandfec", G_TYPE_STRING, "1", nullptr);
  }
  const std::uint32_t ssrc = fix_ssrc(payloader);
  add_chain_from(bin, nullptr, {source, make_element("audioconvert"), make_element("audioresample"), encoder, payloader});
  const TransceiverPtr transceiver = link_to_new_transceiver(webrtc, payloader, opus.get());
  if (payload >= 0) prefer(transceiver, opus.get());
  return {source, encoder, payloader, ssrc};
}

RtpSender add_video_sender(GstBin* bin, GstElement* webrtc, const VideoSenderSettings& settings) {
  GstElement* source = make_element("appsrc", "sent-video");
  // One picture waits while the encoder works on another; newer ones are dropped until it
  // has gone in. (Dropping the oldest instead could drop a new size's caps queued with it.)
  g_object_set(source, "format", GST_FORMAT_TIME, "is-live", TRUE, "do-timestamp", TRUE, "block", FALSE,
               "max-buffers", guint64{1}, "max-bytes", guint64{0}, "max-time", guint64{0}, "leaky-type",
               kAppSrcLeakUpstream, nullptr);
  GstElement* scale = make_element("videoscale");
  g_object_set(scale, "add-borders", TRUE, nullptr);  // letterbox: keep the caller's aspect
  GstElement* format = make_element("capsfilter");
  CapsPtr size(gst_caps_new_simple("video/x-raw", "format", G_TYPE_STRING, "I420", "width", G_TYPE_INT, settings.width,
                                   "height", G_TYPE_INT, settings.height, "pixel-aspect-ratio", GST_TYPE_FRACTION, 1,
                                   1, nullptr));
  g_object_set(format, "caps", size.get(), nullptr);
  GstElement* encoder = make_element("vp8enc");
  // Real time on a shared 2-core machine: the fastest settings, a constant bitrate, no
  // frames held back, and a key frame at least every 2 s (at 25 fps) for a console that
  // joins late or loses one. Error resilience keeps a lost packet from spoiling the frames after it.
  g_object_set(encoder, "deadline", gint64{1}, "cpu-used", 8, "threads", 1, "lag-in-frames", 0, "keyframe-max-dist",
               50, "target-bitrate", settings.kbps * 1000, nullptr);
  gst_util_set_object_arg(G_OBJECT(encoder), "end-usage", "cbr");
  gst_util_set_object_arg(G_OBJECT(encoder), "error-resilient", "default");
  GstElement* payloader = make_element("rtpvp8pay");
  g_object_set(payloader, "pt", static_cast<guint>(settings.payload), nullptr);
  gst_util_set_object_arg(G_OBJECT(payloader), "picture-id-mode", "15-bit");  // what browsers send
  const std::uint32_t ssrc = fix_ssrc(payloader);
  add_chain_from(bin, nullptr, {source, scale, format, encoder, payloader});
  // The offer's rtpmap and rtcp-fb come from these (a PLI reaches vp8enc as a force-key-unit event).
  CapsPtr vp8(gst_caps_new_simple("application/x-rtp", "media", G_TYPE_STRING, "video", "encoding-name", G_TYPE_STRING,
                                  "VP8", "clock-rate", G_TYPE_INT, 90000, "payload", G_TYPE_INT, settings.payload,
                                  "rtcp-fb-nack-pli", G_TYPE_BOOLEAN, TRUE, "rtcp-fb-ccm-fir", G_TYPE_BOOLEAN, TRUE,
                                  nullptr));
  const TransceiverPtr transceiver = link_to_new_transceiver(webrtc, payloader, vp8.get());
  prefer(transceiver, vp8.get());
  g_object_set(transceiver.get(), "direction", kDirectionSendOnly, nullptr);
  return {source, encoder, payloader, ssrc};
}

void take_sound(GstAppSink* sink, const std::function<void(std::span<const std::int16_t>)>& take) {
  pipeline::SamplePtr sample(gst_app_sink_pull_sample(sink));
  if (!sample) return;
  GstBuffer* buffer = gst_sample_get_buffer(sample.get());
  GstMapInfo map;
  if (!gst_buffer_map(buffer, &map, GST_MAP_READ)) return;
  take(std::span(reinterpret_cast<const std::int16_t*>(map.data), map.size / sizeof(std::int16_t)));
  gst_buffer_unmap(buffer, &map);
}

}  // namespace votercast::media::call
