#pragma once
// The live programme: one input (with a slate when it is lost), graphics over every frame,
// one encoder feeding several outputs, a control-room preview, and health for the desk.
// Public and GStreamer-free: web includes this; everything else stays in media/pipeline.
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <utility>

#include "media/pipeline/programme_config.hpp"
#include "media/pipeline/programme_health.hpp"
#include "media/sound_insert.hpp"
#include "media/video_frame.hpp"

namespace votercast::media {

class Programme {
 public:
  using PreviewJpeg = std::shared_ptr<const std::string>;

  explicit Programme(ProgrammeConfig config);
  ~Programme();  // stop()
  Programme(const Programme&) = delete;
  Programme& operator=(const Programme&) = delete;

  // Starts the input first and waits (at most config.start_timeout) for its first frame,
  // then the programme and every output. Throws std::invalid_argument for a bad config and
  // std::runtime_error naming the input when it cannot start; nothing keeps running then.
  // A failing output does not make start() throw: it is retried and shown in health().
  void start();
  // Finalizes every recording (bounded by config.finalize_timeout) and stops. Idempotent.
  void stop();
  bool running() const;
  // Fails the programme pipeline as a failing element would (an error on its bus, and
  // nothing more out of it): for drills and tests of the restart (the programme is built
  // again; the slate standby is on air and health() says so meanwhile). The next
  // failing_rebuilds attempts to build it again fail too, for a longer outage.
  void simulate_programme_failure(const std::string& why, int failing_rebuilds = 0);

  // Graphics for every programme frame from the next one on; null removes them.
  // May be called before start() and at any time while running.
  void set_overlay(std::shared_ptr<FrameOverlay> overlay);
  // A sound mixed into the programme's after the input's (a caller on air); empty: none.
  // May be called before start() and at any time while running.
  void set_sound_insert(SoundInsert insert);

  // The newest control-room preview JPEG (null before the first); seq counts them.
  PreviewJpeg latest_preview_jpeg(std::uint64_t& seq) const;
  // Waits for a preview newer than after_seq; null on timeout or when the programme stops.
  PreviewJpeg wait_preview_jpeg(std::uint64_t after_seq, std::chrono::milliseconds timeout,
                                std::uint64_t& seq) const;

  // The newest full-resolution programme frame (graphics included) as PNG; empty when the
  // programme is not running. Encodes on the caller's thread (tens of ms at 1080p).
  std::string frame_png() const;
  // The same picture without graphics (the input or the slate), for previews of a scene.
  std::string clean_frame_png() const;

  ProgrammeHealth health() const;
  const ProgrammeConfig& config() const;

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace votercast::media
