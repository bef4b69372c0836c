// Input and output strings as the operator types them: accepted, or refused with a message
// that names them.
#include <gtest/gtest.h>

#include <stdexcept>

#include "media/pipeline/input_spec.hpp"
#include "media/pipeline/output_spec.hpp"

namespace votercast::media::pipeline {
namespace {

TEST(InputSpec, KnowsEveryKindOfInput) {
  EXPECT_EQ(parse_input_spec("test").kind, InputSpec::Kind::test);
  EXPECT_EQ(parse_input_spec("").kind, InputSpec::Kind::test);

  const InputSpec file = parse_input_spec("/media/clip.mp4");
  EXPECT_EQ(file.kind, InputSpec::Kind::uri);
  EXPECT_EQ(file.uri, "file:///media/clip.mp4");

  EXPECT_EQ(parse_input_spec("srt://10.0.0.5:9000").kind, InputSpec::Kind::uri);
  const InputSpec listener = parse_input_spec("srt://127.0.0.1:9000?mode=listener&latency=200");
  EXPECT_EQ(listener.kind, InputSpec::Kind::srt_listener);
  EXPECT_EQ(listener.uri, "srt://127.0.0.1:9000?mode=listener&latency=200");
  EXPECT_EQ(parse_input_spec("rtsp://camera/stream").kind, InputSpec::Kind::uri);

  const InputSpec sdi = parse_input_spec("decklink:1");
  EXPECT_EQ(sdi.kind, InputSpec::Kind::decklink);
  EXPECT_EQ(sdi.device, 1);
}

TEST(InputSpec, RefusesWhatNoSourceCanOpen) {
  for (const char* bad : {"decklink:", "decklink:x", "decklink:-1", "nonsense", "bogus://host/x"}) {
    try {
      parse_input_spec(bad);
      ADD_FAILURE() << bad << " was accepted";
    } catch (const std::invalid_argument& error) {
      EXPECT_NE(std::string(error.what()).find(std::string("input '") + bad + "'"), std::string::npos)
          << error.what();
    }
  }
}

TEST(OutputSpec, KnowsEveryKindOfOutput) {
  const OutputSpec rtmp = parse_output_spec("rtmp://127.0.0.1/live/key");
  EXPECT_EQ(rtmp.kind, OutputSpec::Kind::rtmp);
  EXPECT_EQ(rtmp.target, "rtmp://127.0.0.1/live/key");
  EXPECT_EQ(parse_output_spec("srt://127.0.0.1:9000").kind, OutputSpec::Kind::srt);

  const OutputSpec mkv = parse_output_spec("file:/rec/show.MKV");
  EXPECT_EQ(mkv.kind, OutputSpec::Kind::file);
  EXPECT_EQ(mkv.container, OutputSpec::Container::matroska);
  EXPECT_EQ(mkv.target, "/rec/show.MKV");
  EXPECT_EQ(parse_output_spec("file:///rec/show.mp4").target, "/rec/show.mp4");
  EXPECT_EQ(parse_output_spec("file:///rec/show.mp4").container, OutputSpec::Container::mp4);
  EXPECT_EQ(parse_output_spec("file:show.ts").container, OutputSpec::Container::mpegts);

  const OutputSpec hls = parse_output_spec("hls:/var/www/hls");
  EXPECT_EQ(hls.kind, OutputSpec::Kind::hls);
  EXPECT_EQ(hls.target, "/var/www/hls");
}

TEST(OutputSpec, RefusesUnknownOutputs) {
  for (const char* bad : {"file:/rec/show.avi", "file:", "hls:", "udp://1.2.3.4:5", "show.mkv"}) {
    EXPECT_THROW(parse_output_spec(bad), std::invalid_argument) << bad;
  }
}

}  // namespace
}  // namespace votercast::media::pipeline
