// Outputs against real receivers on loopback: nginx-rtmp, srt-live-transmit, and an HLS
// directory, each read back; an output whose receiver is gone fails alone; and the
// streams go on with the slate while the programme pipeline is built again.
#include <gtest/gtest.h>

#include <signal.h>

#include <algorithm>
#include <fstream>
#include <memory>
#include <regex>
#include <sstream>
#include <thread>

#include "media_probe.hpp"
#include "programme_fixture.hpp"
#include "slate_checks.hpp"

namespace votercast::media::test {
namespace {

constexpr const char* kRtmpModule = "/usr/lib/nginx/modules/ngx_rtmp_module.so";

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// Runs the programme (640x360@25, test input) with outputs until it has made `frames` frames.
void run_programme(const std::vector<std::string>& outputs, int frames) {
  ProgrammeConfig config = small_programme();
  config.outputs = outputs;
  Programme programme(config);
  programme.start();
  for (std::size_t i = 0; i < outputs.size(); ++i) {
    EXPECT_TRUE(wait_for_output_state(programme, i, OutputState::running, 10s)) << outputs[i];
  }
  EXPECT_TRUE(wait_for_frames(programme, static_cast<std::uint64_t>(frames), 20s));
  const auto health = programme.health();
  for (const auto& output : health.outputs) {
    EXPECT_EQ(output.state, OutputState::running) << output.spec << ": " << output.last_error;
    EXPECT_GT(output.bitrate_kbps, 300.0) << output.spec;
    EXPECT_EQ(output.restarts, 0u) << output.spec;
  }
  programme.stop();
}

void expect_programme_stream(const MediaInfo& info, double min_seconds) {
  ASSERT_TRUE(info.readable) << info.error;
  EXPECT_EQ(info.width, 640);
  EXPECT_EQ(info.height, 360);
  EXPECT_EQ(info.video_codec, "video/x-h264");
  EXPECT_TRUE(info.has_audio);
  EXPECT_EQ(info.audio_rate, 48000);
  EXPECT_GE(info.duration_s, min_seconds);
}

// nginx with the RTMP module on 127.0.0.1:port, recording every stream into dir/recordings.
std::unique_ptr<ChildProcess> start_nginx_rtmp(const TempDir& dir, int port) {
  std::filesystem::create_directories(dir / "recordings");
  std::ofstream(dir / "nginx.conf") << "load_module " << kRtmpModule << ";\n"
                                    << "daemon off;\nmaster_process off;\nworker_processes 1;\n"
                                    << "pid " << (dir / "nginx.pid").string() << ";\n"
                                    << "error_log " << (dir / "error.log").string() << " info;\n"
                                    << "events { worker_connections 64; }\n"
                                    << "rtmp { server { listen 127.0.0.1:" << port << ";\n"
                                    << "  application live { live on; record all; record_unique off;\n"
                                    << "    record_path " << (dir / "recordings").string() << "; } } }\n";
  auto nginx = std::make_unique<ChildProcess>(
      std::vector<std::string>{"nginx", "-p", dir.path().string(), "-c", (dir / "nginx.conf").string(), "-e",
                               (dir / "error.log").string()},
      dir / "nginx.out", dir / "nginx.err");
  EXPECT_TRUE(wait_until([&] { return tcp_port_accepts(port); }, 10s)) << read_file(dir / "error.log");
  return nginx;
}

TEST(NetworkOutputs, RtmpPushReachesNginx) {
  ASSERT_TRUE(std::filesystem::exists(kRtmpModule)) << "scripts/install-deps test installs libnginx-mod-rtmp";
  TempDir dir;
  const int port = free_loopback_port(Transport::tcp);
  auto nginx = start_nginx_rtmp(dir, port);

  run_programme({"rtmp://127.0.0.1:" + std::to_string(port) + "/live/programme"}, 125);
  // nginx closes the recording when the publisher leaves.
  ASSERT_TRUE(wait_until([&] { return read_file(dir / "error.log").find("deleteStream") != std::string::npos; }, 5s));
  nginx->stop(SIGQUIT);

  const MediaInfo received = discover(dir / "recordings" / "programme.flv");
  expect_programme_stream(received, 3.5);
  EXPECT_EQ(received.fps_num, 25);
}

TEST(NetworkOutputs, RtmpOutputSurvivesItsServerGoingAwayAndComingBack) {
  ASSERT_TRUE(std::filesystem::exists(kRtmpModule));
  TempDir dir;
  const int port = free_loopback_port(Transport::tcp);
  auto nginx = start_nginx_rtmp(dir, port);
  ProgrammeConfig config = small_programme();
  config.outputs = {"rtmp://127.0.0.1:" + std::to_string(port) + "/live/programme",
                    "file:" + (dir / "safe.mkv").string()};
  Programme programme(config);
  programme.start();
  ASSERT_TRUE(wait_for_output_state(programme, 0, OutputState::running, 10s));
  ASSERT_TRUE(wait_until([&] { return programme.health().outputs[0].bitrate_kbps > 0; }, 5s));

  nginx->stop(SIGKILL);  // the server dies mid-stream
  ASSERT_TRUE(wait_until([&] { return programme.health().outputs[0].restarts >= 1; }, 15s));
  auto health = programme.health();
  EXPECT_FALSE(health.outputs[0].last_error.empty());
  EXPECT_EQ(health.outputs[1].state, OutputState::running) << "the recording is untouched";
  EXPECT_GT(health.outputs[1].bitrate_kbps, 0.0);

  nginx = start_nginx_rtmp(dir, port);  // back on the same address: the output reconnects by itself
  ASSERT_TRUE(wait_until(
      [&] {
        const auto output = programme.health().outputs[0];
        return output.state == OutputState::running && output.bitrate_kbps > 0;
      },
      20s));
  health = programme.health();
  EXPECT_TRUE(health.programme_error.empty()) << health.programme_error;
  EXPECT_EQ(health.frames_slate, 0u);
  programme.stop();
  const MediaInfo safe = discover(dir / "safe.mkv");
  ASSERT_TRUE(safe.readable) << safe.error;
  EXPECT_NEAR(safe.duration_s, static_cast<double>(health.frames_out) / 25, 1.5);
}

// flvmux and hlssink2 see the same switches as the recordings: the standby's keyframe,
// then the new house's, with the same parameters.
TEST(NetworkOutputs, RtmpAndHlsGoOnWithTheSlateThroughARebuild) {
  ASSERT_TRUE(std::filesystem::exists(kRtmpModule));
  TempDir dir;
  const int port = free_loopback_port(Transport::tcp);
  auto nginx = start_nginx_rtmp(dir, port);
  ProgrammeConfig config = with_orange_slate(dir);
  config.outputs = {"rtmp://127.0.0.1:" + std::to_string(port) + "/live/programme", "hls:" + (dir / "hls").string()};
  Programme programme(config);
  programme.start();
  ASSERT_TRUE(wait_for_output_state(programme, 0, OutputState::running, 10s));
  ASSERT_TRUE(wait_for_output_state(programme, 1, OutputState::running, 10s));
  const auto streaming_from = std::chrono::steady_clock::now();
  ASSERT_TRUE(wait_for_frames(programme, 40, 10s));
  std::this_thread::sleep_for(1s);

  const auto outage = fail_and_come_back(programme);
  ASSERT_TRUE(wait_for_frames(programme, programme.health().frames_out + 40, 10s));
  for (const auto& output : programme.health().outputs) {
    EXPECT_EQ(output.state, OutputState::running) << output.spec << ": " << output.last_error;
    EXPECT_EQ(output.restarts, 0u) << output.spec << ": the receiver kept the stream";
  }
  const double streamed_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - streaming_from).count();
  programme.stop();
  ASSERT_TRUE(wait_until([&] { return read_file(dir / "error.log").find("deleteStream") != std::string::npos; }, 5s));
  nginx->stop(SIGQUIT);

  expect_slate_through_the_outage(dir / "recordings" / "programme.flv", outage, streamed_s);
  // The segments one after the other are one transport stream.
  std::vector<std::filesystem::path> segments;
  for (const auto& entry : std::filesystem::directory_iterator(dir / "hls")) {
    if (entry.path().extension() == ".ts") segments.push_back(entry.path());
  }
  std::sort(segments.begin(), segments.end());
  ASSERT_GE(segments.size(), 2u);
  {
    std::ofstream joined(dir / "hls.ts", std::ios::binary);
    for (const auto& segment : segments) joined << std::ifstream(segment, std::ios::binary).rdbuf();
  }
  expect_slate_through_the_outage(dir / "hls.ts", outage, streamed_s);
}

TEST(NetworkOutputs, SrtCallerReachesSrtLiveTransmit) {
  TempDir dir;
  const int port = free_loopback_port(Transport::udp);
  ChildProcess receiver({"srt-live-transmit", "-q", "srt://127.0.0.1:" + std::to_string(port) + "?mode=listener",
                         "file://con"},
                        dir / "received.ts", dir / "receiver.err");
  // The listener is up once its UDP port is taken.
  ASSERT_TRUE(wait_until([&] { return udp_port_taken(port); }, 5s)) << read_file(dir / "receiver.err");

  run_programme({"srt://127.0.0.1:" + std::to_string(port)}, 125);
  receiver.stop(SIGINT);

  const MediaInfo received = discover(dir / "received.ts");
  expect_programme_stream(received, 3.0);
}

TEST(NetworkOutputs, HlsPlaylistAndSegmentsAreWritten) {
  TempDir dir;
  run_programme({"hls:" + (dir / "hls").string()}, 175);  // 7 s: at least three 2 s segments

  const std::string playlist = read_file(dir / "hls" / "index.m3u8");
  EXPECT_NE(playlist.find("#EXTM3U"), std::string::npos) << playlist;
  EXPECT_NE(playlist.find("#EXT-X-TARGETDURATION:2"), std::string::npos) << playlist;
  EXPECT_NE(playlist.find("#EXT-X-ENDLIST"), std::string::npos) << "finalized on stop: " << playlist;
  const std::regex segment_line(R"(#EXTINF:([0-9.]+),\s*(segment\d{5}\.ts))");
  int segments = 0;
  double listed_seconds = 0;
  for (auto match = std::sregex_iterator(playlist.begin(), playlist.end(), segment_line);
       match != std::sregex_iterator(); ++match) {
    ++segments;
    listed_seconds += std::stod((*match)[1]);
    EXPECT_TRUE(std::filesystem::exists(dir / "hls" / (*match)[2].str())) << (*match)[2];
  }
  EXPECT_GE(segments, 3) << playlist;
  EXPECT_NEAR(listed_seconds, 7.0, 1.0) << playlist;

  // A segment is a stream of its own (TS segments carry no duration of their own).
  expect_programme_stream(discover(dir / "hls" / "segment00001.ts"), 0.0);
}

TEST(NetworkOutputs, AnOutputWithoutReceiverFailsAloneAndTheRestGoOn) {
  TempDir dir;
  const int dead_port = free_loopback_port(Transport::tcp);  // nobody listens
  ProgrammeConfig config = small_programme();
  config.outputs = {"rtmp://127.0.0.1:" + std::to_string(dead_port) + "/live/gone",
                    "file:" + (dir / "safe.mkv").string()};
  Programme programme(config);
  programme.start();
  ASSERT_TRUE(wait_until(
      [&] {
        const auto output = programme.health().outputs.at(0);
        return output.restarts >= 1 && !output.last_error.empty();
      },
      10s));
  const auto health = programme.health();
  EXPECT_NE(health.outputs[0].state, OutputState::running);
  EXPECT_EQ(health.outputs[1].state, OutputState::running) << health.outputs[1].last_error;
  EXPECT_TRUE(health.programme_error.empty()) << health.programme_error;
  const auto frames = health.frames_out;
  ASSERT_TRUE(wait_for_frames(programme, frames + 25, 5s)) << "the programme goes on";
  programme.stop();
  const MediaInfo safe = discover(dir / "safe.mkv");
  ASSERT_TRUE(safe.readable) << safe.error;
  EXPECT_GE(safe.duration_s, 1.5);
}

}  // namespace
}  // namespace votercast::media::test
