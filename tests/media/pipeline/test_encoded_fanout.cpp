// Encoding pipelines take turns at the outputs: a newer one goes on air at its first
// keyframe, an older one never comes back, and the timeline never goes backwards even when
// the newcomer's first keyframe is older than what was already sent. Real H.264 and AAC
// from x264 and voaacenc, a real Matroska recording, read back through a decoder.
#include <gtest/gtest.h>
#include <gst/app/gstappsink.h>

#include <algorithm>
#include <string>
#include <vector>

#include "media/pipeline/encoded_fanout.hpp"
#include "media/pipeline/gst_handles.hpp"
#include "media/pipeline/output_pipeline.hpp"
#include "media/pipeline/output_spec.hpp"
#include "recording_reader.hpp"
#include "test_support.hpp"

namespace votercast::media::test {
namespace {

using pipeline::SamplePtr;
using pipeline::TimedSample;

constexpr GstClockTime kFrame = 40 * GST_MSECOND;
constexpr GstClockTime kBase = 100 * GST_SECOND;  // anywhere on the clock

// Every sample an encoding description puts out, in order.
std::vector<SamplePtr> encode(const std::string& description) {
  if (!gst_is_initialized()) gst_init(nullptr, nullptr);
  pipeline::PipelinePtr encoder(gst_parse_launch((description + " ! appsink name=sink sync=false").c_str(), nullptr));
  EXPECT_TRUE(encoder);
  pipeline::ElementPtr sink(gst_bin_get_by_name(GST_BIN(encoder.get()), "sink"));
  gst_element_set_state(encoder.get(), GST_STATE_PLAYING);
  std::vector<SamplePtr> samples;
  while (GstSample* sample = gst_app_sink_pull_sample(GST_APP_SINK(sink.get()))) samples.emplace_back(sample);
  return samples;
}

std::vector<SamplePtr> solid_video(std::uint32_t argb, int frames) {
  return encode("videotestsrc pattern=solid-color foreground-color=" + std::to_string(argb) +
                " num-buffers=" + std::to_string(frames) +
                " ! video/x-raw,format=I420,width=320,height=180,framerate=25/1"
                " ! x264enc speed-preset=ultrafast tune=zerolatency key-int-max=10"
                " ! h264parse config-interval=-1 ! video/x-h264,stream-format=byte-stream,alignment=au");
}

std::vector<SamplePtr> silent_audio(int buffers) {
  return encode("audiotestsrc wave=silence samplesperbuffer=1024 num-buffers=" + std::to_string(buffers) +
                " ! audio/x-raw,format=S16LE,rate=48000,channels=2 ! voaacenc ! aacparse");
}

bool keyframe(const SamplePtr& sample) {
  return !GST_BUFFER_FLAG_IS_SET(gst_sample_get_buffer(sample.get()), GST_BUFFER_FLAG_DELTA_UNIT);
}

TimedSample at(const SamplePtr& sample, GstClockTime time) {
  return {gst_sample_get_buffer(sample.get()), gst_sample_get_caps(sample.get()), time, time};
}

bool red(const DecodedFrame& frame) { return frame.row[4].v > 200; }
bool blue(const DecodedFrame& frame) { return frame.row[4].u > 200; }

TEST(EncodedFanout, ANewerFeedTakesOverAtItsKeyframeAndTheTimelineGoesOn) {
  TempDir dir;
  // Short enough (1.6 s) that the output's appsrc, fed faster than real time, never leaks.
  const auto first = solid_video(0xffff0000, 31);  // red, keyframes at 0, 10, 20, 30
  const auto second = solid_video(0xff0000ff, 30);  // blue
  const auto sound = silent_audio(80);
  ASSERT_EQ(first.size(), 31u);
  ASSERT_EQ(second.size(), 30u);
  ASSERT_TRUE(keyframe(first[30]));
  ASSERT_TRUE(keyframe(second[10]));
  ASSERT_FALSE(keyframe(second[1]));

  pipeline::EncodedFanout fanout;
  const auto path = dir / "turns.mkv";
  auto output = std::make_shared<pipeline::OutputPipeline>(pipeline::parse_output_spec("file:" + path.string()),
                                                           path.string(), 1000);
  output->start();
  fanout.add(output);
  const auto old_feed = fanout.open_feed();
  const auto new_feed = fanout.open_feed();

  // Each feed's sound keeps up with its pictures, on its own clock.
  const GstClockTime aac = 1024 * GST_SECOND / 48000;
  struct Sound {
    pipeline::EncodedFanout::Feed& feed;
    GstClockTime start;
    std::size_t sent = 0;
  };
  const auto sound_until = [&](Sound& s, GstClockTime until) {
    for (; s.start + s.sent * aac <= until; ++s.sent) fanout.push_audio(s.feed, at(sound[s.sent], s.start + s.sent * aac));
  };
  const GstClockTime old_start = kBase;
  const GstClockTime new_start = kBase + 300 * GST_MSECOND;  // started while the first went on
  Sound old_sound{*old_feed, old_start};
  Sound new_sound{*new_feed, new_start};

  // The first feed: frames 0..20, up to 0.8 s.
  for (std::size_t i = 0; i <= 20; ++i) {
    fanout.push_video(*old_feed, at(first[i], old_start + i * kFrame));
    sound_until(old_sound, old_start + i * kFrame);
  }
  EXPECT_TRUE(fanout.on_air(*old_feed));
  // The newcomer's sound and frames before its first keyframe (which we missed): the sound
  // waits, the frames are not heard: a delta frame cannot start a decoder.
  for (std::size_t j = 1; j < 10; ++j) {
    fanout.push_video(*new_feed, at(second[j], new_start + j * kFrame));
    sound_until(new_sound, new_start + j * kFrame);
  }
  EXPECT_TRUE(fanout.on_air(*old_feed));
  // Its keyframe is stamped 0.7 s, before the 0.8 s already sent: it goes on one frame later.
  for (std::size_t j = 10; j < 30; ++j) {
    fanout.push_video(*new_feed, at(second[j], new_start + j * kFrame));
    sound_until(new_sound, new_start + j * kFrame);
  }
  EXPECT_TRUE(fanout.on_air(*new_feed));
  EXPECT_FALSE(fanout.on_air(*old_feed));
  // The older feed goes on, with a keyframe at frame 30 too: it is not heard again.
  for (std::size_t i = 21; i <= 30; ++i) {
    fanout.push_video(*old_feed, at(first[i], old_start + i * kFrame));
    sound_until(old_sound, old_start + i * kFrame);
  }
  EXPECT_TRUE(fanout.on_air(*new_feed));
  fanout.remove(output.get());
  output->end_stream();
  ASSERT_EQ(output->wait_until_finished(std::chrono::steady_clock::now() + std::chrono::seconds(10)), "");
  output.reset();

  const DecodedRecording recording = decode_recording(path);
  ASSERT_TRUE(recording.finished) << recording.error;
  const auto& video = recording.video;
  ASSERT_EQ(video.size(), 21u + 20u) << "the first feed up to the switch, the second from its keyframe";
  const auto switched = std::find_if(video.begin(), video.end(), blue);
  ASSERT_EQ(switched - video.begin(), 21);
  EXPECT_TRUE(std::all_of(video.begin(), switched, red));
  EXPECT_TRUE(std::all_of(switched, video.end(), blue)) << "the older feed never came back";
  for (std::size_t i = 1; i < video.size(); ++i) {
    EXPECT_EQ(video[i].pts_ns - video[i - 1].pts_ns, static_cast<std::int64_t>(kFrame)) << "at frame " << i;
  }
  const auto& audio = recording.audio;
  ASSERT_GT(audio.size(), 60u);
  for (std::size_t i = 1; i < audio.size(); ++i) {
    ASSERT_GT(audio[i].pts_ns, audio[i - 1].pts_ns) << "at buffer " << i;
    EXPECT_LT(audio[i].pts_ns - (audio[i - 1].pts_ns + audio[i - 1].duration_ns), 30'000'000) << "at buffer " << i;
  }
  EXPECT_NEAR(static_cast<double>(audio.back().pts_ns + audio.back().duration_ns) / 1e9,
              static_cast<double>(video.back().pts_ns) / 1e9, 0.1)
      << "the sound goes on with the newcomer's pictures";
}

// The house failed: its sound and pictures stop. The standby's AAC encoder delivers before
// its x264 does; that sound goes out when its first keyframe does, so no hole opens.
TEST(EncodedFanout, SoundThatCameBeforeTheKeyframeFillsTheSwitch) {
  TempDir dir;
  const auto first = solid_video(0xffff0000, 20);
  const auto second = solid_video(0xff0000ff, 20);
  const auto sound = silent_audio(80);
  pipeline::EncodedFanout fanout;
  const auto path = dir / "switch.mkv";
  auto output = std::make_shared<pipeline::OutputPipeline>(pipeline::parse_output_spec("file:" + path.string()),
                                                           path.string(), 1000);
  output->start();
  fanout.add(output);
  const auto failed = fanout.open_feed();
  const GstClockTime aac = 1024 * GST_SECOND / 48000;
  std::size_t sent = 0;
  for (std::size_t i = 0; i < 20; ++i) {
    fanout.push_video(*failed, at(first[i], kBase + i * kFrame));
    for (; sent * aac <= i * kFrame; ++sent) fanout.push_audio(*failed, at(sound[sent], kBase + sent * aac));
  }
  const GstClockTime standby_start = kBase + 20 * kFrame;
  const auto standby = fanout.open_feed();
  for (std::size_t k = 0; k < 8; ++k) fanout.push_audio(*standby, at(sound[k], standby_start + k * aac));
  EXPECT_FALSE(fanout.on_air(*standby));
  for (std::size_t j = 0; j < 20; ++j) {
    fanout.push_video(*standby, at(second[j], standby_start + j * kFrame));
    for (std::size_t k = 8 + j * 2; k < 10 + j * 2; ++k) fanout.push_audio(*standby, at(sound[k], standby_start + k * aac));
  }
  fanout.remove(output.get());
  output->end_stream();
  ASSERT_EQ(output->wait_until_finished(std::chrono::steady_clock::now() + std::chrono::seconds(10)), "");
  output.reset();

  const DecodedRecording recording = decode_recording(path);
  ASSERT_TRUE(recording.finished) << recording.error;
  ASSERT_EQ(recording.video.size(), 40u);
  const auto& audio = recording.audio;
  ASSERT_GT(audio.size(), 50u);
  // The failed feed's sound ended 32 ms before the standby started: no more than that.
  for (std::size_t i = 1; i < audio.size(); ++i) {
    EXPECT_LT(audio[i].pts_ns - (audio[i - 1].pts_ns + audio[i - 1].duration_ns), 40'000'000)
        << "a hole at buffer " << i;
  }
}

// The standby's first keyframe came a fraction of a millisecond after the house's last
// frame (both run on the one clock): it goes on a frame later, not at a timestamp that
// milliseconds (FLV, Matroska) cannot tell from the last one.
TEST(EncodedFanout, AKeyframeLessThanAFrameAfterTheLastGoesOnAFrameAfterIt) {
  TempDir dir;
  const auto first = solid_video(0xffff0000, 10);
  const auto second = solid_video(0xff0000ff, 10);
  pipeline::EncodedFanout fanout;
  const auto path = dir / "close.mkv";
  auto output = std::make_shared<pipeline::OutputPipeline>(pipeline::parse_output_spec("file:" + path.string()),
                                                           path.string(), 1000);
  output->start();
  fanout.add(output);
  const auto house = fanout.open_feed();
  for (std::size_t i = 0; i < 10; ++i) fanout.push_video(*house, at(first[i], kBase + i * kFrame));
  const auto standby = fanout.open_feed();
  const GstClockTime standby_start = kBase + 9 * kFrame + 300 * GST_USECOND;
  for (std::size_t j = 0; j < 10; ++j) fanout.push_video(*standby, at(second[j], standby_start + j * kFrame));
  EXPECT_TRUE(fanout.on_air(*standby));
  fanout.remove(output.get());
  output->end_stream();
  ASSERT_EQ(output->wait_until_finished(std::chrono::steady_clock::now() + std::chrono::seconds(10)), "");
  output.reset();

  const DecodedRecording recording = decode_recording(path);
  ASSERT_TRUE(recording.finished) << recording.error;
  const auto& video = recording.video;
  ASSERT_EQ(video.size(), 20u);
  for (std::size_t i = 1; i < video.size(); ++i) {
    EXPECT_EQ(video[i].pts_ns - video[i - 1].pts_ns, static_cast<std::int64_t>(kFrame)) << "at frame " << i;
  }
}

}  // namespace
}  // namespace votercast::media::test
