#include "media/pipeline/programme.hpp"

#include <gst/gst.h>
#include <gst/video/video.h>

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <iostream>
#include <mutex>
#include <shared_mutex>
#include <stdexcept>
#include <vector>

#include "media/pipeline/audio_fifo.hpp"
#include "media/pipeline/control_loop.hpp"
#include "media/pipeline/encoded_fanout.hpp"
#include "media/pipeline/frame_png.hpp"
#include "media/pipeline/frame_synchronizer.hpp"
#include "media/pipeline/gst_runtime.hpp"
#include "media/pipeline/house_pipeline.hpp"
#include "media/pipeline/input_pipeline.hpp"
#include "media/pipeline/input_spec.hpp"
#include "media/pipeline/output_pipeline.hpp"
#include "media/pipeline/output_spec.hpp"
#include "media/pipeline/preview_feed.hpp"
#include "media/pipeline/slate.hpp"
#include "media/pipeline/slate_standby.hpp"

namespace votercast::media {

using namespace std::chrono_literals;
using pipeline::ControlLoop;
using pipeline::SourcePtr;
using SteadyClock = std::chrono::steady_clock;

namespace {

void validate(const ProgrammeConfig& config) {
  const auto reject = [](const std::string& why) { throw std::invalid_argument("programme config: " + why); };
  if (config.width < 16 || config.height < 16 || config.width > 4096 || config.height > 2160 ||
      config.width % 2 != 0 || config.height % 2 != 0) {
    reject("width and height must be even and between 16x16 and 4096x2160");
  }
  if (config.fps < 1 || config.fps > 60) {
    reject("fps must be a whole rate between 1 and 60 (25, 30, 50, 60...)");
  }
  if (config.preview_width < 16 || config.preview_height < 16 || config.preview_width % 2 != 0 ||
      config.preview_height % 2 != 0 || config.preview_fps < 1 || config.preview_fps > config.fps) {
    reject("the preview must be at least 16x16 (even) at 1 fps up to the programme rate");
  }
  if (config.input_loss_timeout <= 0ms || config.start_timeout <= 0ms || config.finalize_timeout <= 0ms) {
    reject("timeouts must be positive");
  }
}

int default_video_bitrate_kbps(int width, int height, int fps) {
  const double pixels_per_second = static_cast<double>(width) * height * fps;
  // 6 Mbit/s for 1080p25 with x264's ultrafast preset; scaled by pixel rate, within bounds.
  const double kbps = 6000.0 * pixels_per_second / (1920.0 * 1080.0 * 25.0);
  return static_cast<int>(std::clamp(kbps, 800.0, 12000.0));
}

std::chrono::milliseconds backoff(int failures, std::chrono::milliseconds first, std::chrono::milliseconds most) {
  auto delay = first;
  for (int i = 0; i < failures && delay < most; ++i) delay *= 2;
  return std::min(delay, most);
}

// Takes a part out under the lock and destroys it after: bringing a pipeline to NULL waits
// for its streaming threads, which may be inside a callback that reads health().
template <typename Part>
void destroy_outside(std::shared_mutex& mutex, std::unique_ptr<Part>& part) {
  std::unique_ptr<Part> doomed;
  {
    std::unique_lock lock(mutex);
    doomed = std::move(part);
  }
  doomed.reset();
}

// A restarted recording must not overwrite what it recorded before: NAME-2.mkv, NAME-3.mkv...
std::string output_target(const pipeline::OutputSpec& spec, int attempt) {
  if (spec.kind != pipeline::OutputSpec::Kind::file || attempt == 0) return spec.target;
  const std::filesystem::path path(spec.target);
  auto renamed = path.parent_path() / (path.stem().string() + "-" + std::to_string(attempt + 1));
  renamed += path.extension();
  return renamed.string();
}

}  // namespace

class Programme::Impl {
 public:
  explicit Impl(ProgrammeConfig config) : config_(std::move(config)) {}
  ~Impl() { stop(); }

  void start();
  void stop();
  bool running() const { return running_.load(); }
  void set_overlay(std::shared_ptr<FrameOverlay> overlay);
  void set_sound_insert(SoundInsert insert);
  std::string frame_png() const;
  std::string clean_frame_png() const;
  ProgrammeHealth health() const;
  void simulate_programme_failure(const std::string& why, int failing_rebuilds);

  const ProgrammeConfig config_;
  const std::shared_ptr<pipeline::PreviewFeed> preview_ = std::make_shared<pipeline::PreviewFeed>();

 private:
  struct OutputSlot {
    pipeline::OutputSpec spec;
    std::shared_ptr<pipeline::OutputPipeline> pipeline;
    SourcePtr watch;
    SourcePtr retry;
    // Guarded by health_mutex_ (written on the control loop, read by health()).
    OutputState state = OutputState::starting;
    std::uint64_t restarts = 0;
    std::string last_error;
    double bitrate_kbps = 0;
    // Control loop only.
    int attempt = 0;
    int failures = 0;
    int idle_seconds = 0;
    int healthy_seconds = 0;
  };

  void log(const std::string& line) const;
  void start_input_or_throw();
  void wait_for_first_frame();
  void teardown();  // control loop

  void on_input_message(GstMessage* message);
  void restart_input(const std::string& why);
  void try_start_input();

  void start_output(OutputSlot& slot);
  void on_output_message(OutputSlot& slot, GstMessage* message);
  void fail_output(OutputSlot& slot, const std::string& why);

  pipeline::HouseSettings house_settings() const;
  void on_programme_message(GstMessage* message);
  void start_house();  // control loop
  void restart_house(const std::string& why);
  void try_start_house();
  void prepare_standby();
  void put_standby_on_air();
  void hand_back_from_standby();
  void drop_standby();
  template <typename Encoding>
  void retire(std::unique_ptr<Encoding>& pipeline, std::atomic<std::uint64_t>* frames_counted_too = nullptr);
  pipeline::BufferPtr on_air_frame(bool clean) const;
  void every_second();

  std::mutex api_mutex_;  // start() and stop() one at a time
  std::atomic<bool> running_{false};
  SteadyClock::time_point started_at_{};

  // Parsed at start().
  pipeline::InputSpec input_spec_;
  std::vector<pipeline::OutputSpec> output_specs_;
  GstVideoInfo video_info_{};
  int video_bitrate_kbps_ = 0;

  // The parts, created by start() and destroyed by stop(); readers take the shared lock.
  mutable std::shared_mutex parts_mutex_;
  std::unique_ptr<ControlLoop> loop_;
  std::unique_ptr<pipeline::FrameSynchronizer> frames_;
  std::unique_ptr<pipeline::AudioFifo> audio_;
  pipeline::EncodedFanout fanout_;
  std::unique_ptr<pipeline::HousePipeline> house_;
  SourcePtr house_watch_;
  SourcePtr house_retry_;
  SteadyClock::time_point house_started_at_{};  // the last attempt to build it
  int house_failures_ = 0;  // control loop
  int failing_rebuilds_ = 0;  // control loop: drills that want a longer outage
  // Counted by each programme pipeline; what the ones before the current one counted.
  std::atomic<std::uint64_t> frames_out_before_{0};
  std::atomic<std::uint64_t> frames_encoded_before_{0};
  std::atomic<std::uint64_t> preview_frames_before_{0};
  std::atomic<std::uint64_t> standby_frames_before_{0};
  // The slate and silence on air while the house is being built again (control loop). It
  // is made ready in advance, so that a failure only has to set it playing.
  pipeline::BufferPtr slate_;
  std::unique_ptr<pipeline::SlateStandby> standby_;
  bool standby_playing_ = false;
  SourcePtr standby_watch_;
  SourcePtr standby_retire_;  // looks for the new house's first keyframe
  std::unique_ptr<pipeline::InputPipeline> input_;
  SourcePtr input_watch_;
  SourcePtr input_retry_;
  std::vector<std::unique_ptr<OutputSlot>> outputs_;
  SourcePtr stats_timer_;
  bool stopping_ = false;  // control loop: no more restarts

  // Input supervision (control loop).
  int input_failures_ = 0;
  std::uint64_t frames_in_at_input_start_ = 0;
  SteadyClock::time_point last_stats_at_{};

  mutable std::mutex health_mutex_;
  std::uint64_t input_restarts_ = 0;
  std::string input_last_error_;
  std::string programme_error_;
  std::uint64_t programme_restarts_ = 0;
  bool programme_down_ = false;

  std::mutex overlay_mutex_;
  std::shared_ptr<FrameOverlay> overlay_;
  SoundInsert sound_insert_;  // guarded by overlay_mutex_: both go to each house built
};

void Programme::Impl::log(const std::string& line) const {
  if (config_.log) {
    config_.log(line);
  } else {
    std::cerr << "[programme] " << line << '\n';
  }
}

void Programme::Impl::start() {
  std::lock_guard api(api_mutex_);
  if (running_) throw std::logic_error("programme already running");
  validate(config_);
  input_spec_ = pipeline::parse_input_spec(config_.input);
  output_specs_.clear();
  for (const std::string& output : config_.outputs) output_specs_.push_back(pipeline::parse_output_spec(output));

  pipeline::ensure_gstreamer();
  gst_video_info_set_format(&video_info_, GST_VIDEO_FORMAT_I420, static_cast<guint>(config_.width),
                            static_cast<guint>(config_.height));
  GST_VIDEO_INFO_FPS_N(&video_info_) = config_.fps;
  GST_VIDEO_INFO_FPS_D(&video_info_) = 1;
  video_bitrate_kbps_ = config_.video_bitrate_kbps > 0
                            ? config_.video_bitrate_kbps
                            : default_video_bitrate_kbps(config_.width, config_.height, config_.fps);

  auto slate = pipeline::render_slate(video_info_, config_.slate_image);
  slate_ = pipeline::ref_buffer(slate.get());
  {
    std::unique_lock parts(parts_mutex_);
    frames_ = std::make_unique<pipeline::FrameSynchronizer>(video_info_, config_.input_loss_timeout);
    frames_->set_slate(std::move(slate));
    // Sound waits for one house audio buffer (20 ms), close to what the picture waits in the
    // frame synchronizer; past 100 ms (input running fast) it is cut back.
    constexpr std::size_t chunk = pipeline::kAudioChunkFrames;
    audio_ = std::make_unique<pipeline::AudioFifo>(pipeline::kAudioChannels, chunk, 5 * chunk);
    loop_ = std::make_unique<ControlLoop>();
  }
  stopping_ = false;
  input_failures_ = 0;
  house_failures_ = 0;
  frames_out_before_ = frames_encoded_before_ = preview_frames_before_ = standby_frames_before_ = 0;
  {
    std::lock_guard lock(health_mutex_);
    input_restarts_ = 0;
    input_last_error_.clear();
    programme_error_.clear();
    programme_restarts_ = 0;
    programme_down_ = false;
  }
  preview_->reopen();
  try {
    loop_->run([this] { start_input_or_throw(); });
    wait_for_first_frame();
    loop_->run([this] {
      input_watch_ = loop_->watch(input_->bus(), [this](GstMessage* message) { on_input_message(message); });
      start_house();
      {
        std::lock_guard lock(health_mutex_);
        outputs_.clear();
        for (const auto& spec : output_specs_) {
          auto slot = std::make_unique<OutputSlot>();
          slot->spec = spec;
          outputs_.push_back(std::move(slot));
        }
      }
      for (auto& slot : outputs_) start_output(*slot);
      prepare_standby();
      last_stats_at_ = SteadyClock::now();
      stats_timer_ = loop_->every(1s, [this] { every_second(); });
    });
  } catch (...) {
    loop_->run([this] { teardown(); });
    destroy_outside(parts_mutex_, loop_);
    destroy_outside(parts_mutex_, frames_);
    destroy_outside(parts_mutex_, audio_);
    throw;
  }
  started_at_ = SteadyClock::now();
  running_ = true;
  log("programme started: input '" + input_spec_.text + "', " + std::to_string(config_.width) + "x" +
      std::to_string(config_.height) + "@" + std::to_string(config_.fps) + ", " +
      std::to_string(output_specs_.size()) + " output(s)");
}

pipeline::HouseSettings Programme::Impl::house_settings() const {
  pipeline::HouseSettings settings;
  settings.video = video_info_;
  settings.video_bitrate_kbps = video_bitrate_kbps_;
  settings.audio_bitrate_kbps = config_.audio_bitrate_kbps;
  settings.preview_width = config_.preview_width;
  settings.preview_height = config_.preview_height;
  settings.preview_fps = config_.preview_fps;
  settings.encode = !config_.outputs.empty();
  return settings;
}

void Programme::Impl::start_house() {
  house_started_at_ = SteadyClock::now();
  auto house = std::make_unique<pipeline::HousePipeline>(house_settings(), *frames_, *audio_, *preview_, fanout_);
  {
    std::lock_guard lock(overlay_mutex_);
    house->set_overlay(overlay_);
    house->set_sound_insert(sound_insert_);
  }
  house_watch_ = loop_->watch(house->bus(), [this](GstMessage* message) { on_programme_message(message); });
  {
    std::unique_lock parts(parts_mutex_);
    house_ = std::move(house);
  }
  house_->start();
  // The outputs carry on: a keyframe lets their receivers pick the picture up again.
  house_->request_keyframe();
}

void Programme::Impl::start_input_or_throw() {
  auto input = std::make_unique<pipeline::InputPipeline>(input_spec_, video_info_, *frames_, *audio_);
  frames_in_at_input_start_ = frames_->counters().frames_in;
  input->start();
  std::unique_lock parts(parts_mutex_);
  input_ = std::move(input);
}

void Programme::Impl::wait_for_first_frame() {
  // The control loop does not watch the input's bus yet, so its errors are ours to read here.
  const bool listener = input_spec_.kind == pipeline::InputSpec::Kind::srt_listener;
  // A listener is started once its port is bound; its caller may come much later.
  const auto deadline = SteadyClock::now() + (listener ? std::chrono::milliseconds(300) : config_.start_timeout);
  while (SteadyClock::now() < deadline) {
    if (!listener && frames_->counters().frames_in > 0) return;
    pipeline::MessagePtr message = pipeline::pop_error_or_eos(input_->bus(), 50 * GST_MSECOND);
    if (!message) continue;
    const std::string reason = GST_MESSAGE_TYPE(message.get()) == GST_MESSAGE_EOS
                                   ? "it ended before delivering a frame"
                                   : pipeline::describe_message(message.get());
    throw std::runtime_error("input '" + input_spec_.text + "' failed to start: " + reason);
  }
  if (!listener) {
    throw std::runtime_error("input '" + input_spec_.text + "' failed to start: no frame within " +
                             std::to_string(config_.start_timeout.count()) + " ms");
  }
}

void Programme::Impl::stop() {
  std::lock_guard api(api_mutex_);
  if (!loop_) return;
  loop_->run([this] { teardown(); });
  destroy_outside(parts_mutex_, loop_);
  destroy_outside(parts_mutex_, frames_);
  destroy_outside(parts_mutex_, audio_);
  slate_.reset();
  preview_->close();
  if (running_.exchange(false)) log("programme stopped");
}

void Programme::Impl::teardown() {
  stopping_ = true;
  stats_timer_.reset();
  input_retry_.reset();
  house_retry_.reset();
  // Recordings first: no more data, end of stream, then wait for each muxer to finish.
  for (auto& slot : outputs_) {
    slot->retry.reset();
    if (slot->pipeline) {
      fanout_.remove(slot->pipeline.get());
      slot->pipeline->end_stream();
    }
  }
  {
    // The programme and the input stop now; the outputs drain what they already have.
    house_watch_.reset();
    input_watch_.reset();
    retire(house_);
    drop_standby();
    destroy_outside(parts_mutex_, input_);
  }
  const auto deadline = SteadyClock::now() + config_.finalize_timeout;
  for (auto& slot : outputs_) {
    if (!slot->pipeline) continue;
    const bool was_healthy = slot->state == OutputState::running || slot->state == OutputState::stalled;
    std::string problem = slot->pipeline->wait_until_finished(deadline);
    if (!problem.empty() && was_healthy) log("output '" + slot->spec.text + "' at stop: " + problem);
    slot->watch.reset();
    slot->pipeline.reset();
    std::lock_guard lock(health_mutex_);
    if (!problem.empty() && was_healthy) slot->last_error = problem;
    slot->state = OutputState::stopped;
    slot->bitrate_kbps = 0;
  }
  // The slots stay, stopped, so health() still tells how each output ended.
}

void Programme::Impl::on_programme_message(GstMessage* message) {
  if (GST_MESSAGE_TYPE(message) != GST_MESSAGE_ERROR) return;
  restart_house(pipeline::describe_message(message));
}

// The programme pipeline itself failed (an element's error): it is built again, after a
// pause that grows while it keeps failing at once. The input, the outputs and the frame
// synchronizer carry on, and the slate standby fills the outputs and the preview
// meanwhile; when it is back it shows the input, or the slate without one.
void Programme::Impl::restart_house(const std::string& why) {
  if (stopping_) return;
  const bool lasted = SteadyClock::now() - house_started_at_ > 10s;
  house_failures_ = lasted ? 0 : house_failures_ + 1;
  const auto delay = backoff(house_failures_, 250ms, 5s);
  log("programme pipeline error: " + why + "; restarting it in " + std::to_string(delay.count()) + " ms");
  {
    std::lock_guard lock(health_mutex_);
    programme_error_ = why;
    programme_down_ = true;
  }
  // Before the failed house goes: taking it down waits for its threads.
  put_standby_on_air();
  standby_retire_.reset();
  house_watch_.reset();
  retire(house_);
  house_retry_ = loop_->after(delay, [this] { try_start_house(); });
}

void Programme::Impl::try_start_house() {
  if (stopping_) return;
  try {
    if (failing_rebuilds_ > 0) {
      --failing_rebuilds_;
      // A failed attempt counts as one that did not last, so the pause before the next grows.
      house_started_at_ = SteadyClock::now();
      throw std::runtime_error("simulated failure to build the programme pipeline");
    }
    start_house();
    {
      std::lock_guard lock(health_mutex_);
      ++programme_restarts_;
      programme_down_ = false;
    }
    // The standby stays on air until the new house's first keyframe has taken over from it.
    if (standby_playing_) {
      standby_retire_ = loop_->every(20ms, [this] {
        if (house_ && house_->on_air()) hand_back_from_standby();
      });
    }
  } catch (const std::exception& error) {
    restart_house(error.what());
  }
}

void Programme::Impl::prepare_standby() {
  if (standby_ || stopping_) return;
  try {
    auto standby = std::make_unique<pipeline::SlateStandby>(house_settings(), pipeline::ref_buffer(slate_.get()),
                                                             *preview_, fanout_);
    standby_watch_ = loop_->watch(standby->bus(), [this](GstMessage* message) {
      if (GST_MESSAGE_TYPE(message) != GST_MESSAGE_ERROR) return;
      // Not made again at once: a standby that cannot run would fail over and over.
      log("slate standby error: " + pipeline::describe_message(message));
      drop_standby();
    });
    standby->get_ready();
    std::unique_lock parts(parts_mutex_);
    standby_ = std::move(standby);
  } catch (const std::exception& error) {
    log(std::string("slate standby cannot be made ready: ") + error.what());
    standby_watch_.reset();
  }
}

void Programme::Impl::put_standby_on_air() {
  // The house that failed had taken over from a standby not yet gone: being older, that
  // one would never be heard again. A new one, then.
  if (standby_playing_ && house_ && house_->on_air()) drop_standby();
  if (standby_playing_) return;  // on air since a failure before this one
  prepare_standby();             // if the last one could not be made
  if (!standby_) return;
  const auto began = SteadyClock::now();
  try {
    standby_->start();
    standby_playing_ = true;
    const auto took = std::chrono::duration_cast<std::chrono::milliseconds>(SteadyClock::now() - began);
    log("slate standby playing in " + std::to_string(took.count()) + " ms");
  } catch (const std::exception& error) {
    log(std::string("slate standby cannot start: ") + error.what() + "; the outputs wait for the programme");
    drop_standby();
  }
}

// The new house is on air: the standby goes, and the next one is made ready.
void Programme::Impl::hand_back_from_standby() {
  drop_standby();
  prepare_standby();
}

void Programme::Impl::drop_standby() {
  standby_retire_.reset();
  standby_watch_.reset();
  standby_playing_ = false;
  retire(standby_, &standby_frames_before_);
}

// Takes a house or standby pipeline out and adds what it counted to what the ones before
// counted, in one step under the lock (health() never counts it twice, nor loses it), and
// destroys it after: that waits for its streaming threads, which may be reading health().
template <typename Encoding>
void Programme::Impl::retire(std::unique_ptr<Encoding>& pipeline, std::atomic<std::uint64_t>* frames_counted_too) {
  std::unique_ptr<Encoding> doomed;
  {
    std::unique_lock parts(parts_mutex_);
    doomed = std::move(pipeline);
    if (doomed) {
      frames_out_before_ += doomed->frames_out();
      frames_encoded_before_ += doomed->frames_encoded();
      preview_frames_before_ += doomed->preview_frames();
      if (frames_counted_too) *frames_counted_too += doomed->frames_out();
    }
  }
  doomed.reset();
}

void Programme::Impl::simulate_programme_failure(const std::string& why, int failing_rebuilds) {
  std::lock_guard api(api_mutex_);
  if (!loop_) return;
  loop_->run([this, why, failing_rebuilds] {
    failing_rebuilds_ = std::max(0, failing_rebuilds);
    if (house_) house_->post_error(why);
  });
}

void Programme::Impl::on_input_message(GstMessage* message) {
  switch (GST_MESSAGE_TYPE(message)) {
    case GST_MESSAGE_ERROR: restart_input(pipeline::describe_message(message)); break;
    case GST_MESSAGE_EOS: restart_input("the input ended"); break;
    case GST_MESSAGE_WARNING: log("input warning: " + pipeline::describe_message(message)); break;
    default: break;
  }
}

void Programme::Impl::restart_input(const std::string& why) {
  if (stopping_) return;
  const bool delivered = frames_->counters().frames_in > frames_in_at_input_start_;
  input_failures_ = delivered ? 0 : input_failures_ + 1;
  const auto delay = backoff(input_failures_, 250ms, 5s);
  log("input '" + input_spec_.text + "': " + why + "; restarting in " + std::to_string(delay.count()) + " ms");
  {
    std::lock_guard lock(health_mutex_);
    input_last_error_ = why;
  }
  input_watch_.reset();
  destroy_outside(parts_mutex_, input_);
  frames_->input_gone();
  audio_->flush();
  input_retry_ = loop_->after(delay, [this] { try_start_input(); });
}

void Programme::Impl::try_start_input() {
  if (stopping_) return;
  {
    std::lock_guard lock(health_mutex_);
    ++input_restarts_;
  }
  try {
    start_input_or_throw();
    input_watch_ = loop_->watch(input_->bus(), [this](GstMessage* message) { on_input_message(message); });
  } catch (const std::exception& error) {
    restart_input(error.what());
  }
}

void Programme::Impl::start_output(OutputSlot& slot) {
  if (stopping_) return;
  try {
    auto output = std::make_shared<pipeline::OutputPipeline>(slot.spec, output_target(slot.spec, slot.attempt),
                                                             video_bitrate_kbps_);
    slot.watch = loop_->watch(output->bus(), [this, &slot](GstMessage* message) { on_output_message(slot, message); });
    output->start();
    slot.pipeline = output;
    fanout_.add(output);
    // The new output begins at a keyframe: ask for one rather than wait up to a GOP.
    if (house_) house_->request_keyframe();
    if (standby_playing_) standby_->request_keyframe();
    std::lock_guard lock(health_mutex_);
    slot.state = OutputState::starting;
    slot.idle_seconds = 0;
    slot.healthy_seconds = 0;
  } catch (const std::exception& error) {
    fail_output(slot, error.what());
  }
}

void Programme::Impl::on_output_message(OutputSlot& slot, GstMessage* message) {
  if (!slot.pipeline) return;
  switch (GST_MESSAGE_TYPE(message)) {
    case GST_MESSAGE_ERROR: fail_output(slot, pipeline::describe_message(message)); break;
    case GST_MESSAGE_EOS: fail_output(slot, "the output ended by itself"); break;
    case GST_MESSAGE_STATE_CHANGED:
      if (GST_MESSAGE_SRC(message) == GST_OBJECT(slot.pipeline->element())) {
        GstState now = GST_STATE_NULL;
        gst_message_parse_state_changed(message, nullptr, &now, nullptr);
        std::lock_guard lock(health_mutex_);
        if (now == GST_STATE_PLAYING && slot.state == OutputState::starting) slot.state = OutputState::running;
      }
      break;
    default: break;
  }
}

void Programme::Impl::fail_output(OutputSlot& slot, const std::string& why) {
  if (slot.pipeline) fanout_.remove(slot.pipeline.get());
  slot.watch.reset();
  slot.pipeline.reset();
  ++slot.failures;
  ++slot.attempt;
  const auto delay = backoff(slot.failures - 1, 1s, 30s);
  log("output '" + slot.spec.text + "' failed: " + why + "; retrying in " + std::to_string(delay.count()) + " ms");
  {
    std::lock_guard lock(health_mutex_);
    slot.state = OutputState::failed;
    slot.last_error = why;
    slot.bitrate_kbps = 0;
  }
  if (stopping_) return;
  slot.retry = loop_->after(delay, [this, &slot] {
    {
      std::lock_guard lock(health_mutex_);
      ++slot.restarts;
    }
    start_output(slot);
  });
}

void Programme::Impl::every_second() {
  const auto now = SteadyClock::now();
  const double seconds = std::chrono::duration<double>(now - last_stats_at_).count();
  last_stats_at_ = now;

  // An input that was live and went silent without an error (a caller that vanished, a
  // stalled RTSP server) is re-created so it can come back by itself.
  if (input_ && frames_->counters().frames_in > frames_in_at_input_start_ &&
      now - frames_->last_arrival() > config_.input_stall_restart) {
    restart_input("no frame for " + std::to_string(config_.input_stall_restart.count()) + " ms");
  }

  for (auto& slot : outputs_) {
    if (!slot->pipeline) continue;
    const std::uint64_t bytes = slot->pipeline->take_bytes();
    slot->idle_seconds = bytes == 0 ? slot->idle_seconds + 1 : 0;
    slot->healthy_seconds = bytes == 0 ? 0 : slot->healthy_seconds + 1;
    if (slot->healthy_seconds >= 5) slot->failures = 0;
    {
      std::lock_guard lock(health_mutex_);
      slot->bitrate_kbps = seconds > 0 ? static_cast<double>(bytes) * 8 / 1000 / seconds : 0;
      if (slot->state == OutputState::running && slot->idle_seconds >= 2) slot->state = OutputState::stalled;
      if (slot->state == OutputState::stalled && bytes > 0) slot->state = OutputState::running;
    }
    // Connected but nothing accepted for 10 s (or never connected): start over.
    if (slot->idle_seconds >= 10) fail_output(*slot, "the receiver accepted no data for 10 s");
  }
}

void Programme::Impl::set_overlay(std::shared_ptr<FrameOverlay> overlay) {
  {
    std::lock_guard lock(overlay_mutex_);
    overlay_ = overlay;
  }
  std::shared_lock parts(parts_mutex_);
  if (house_) house_->set_overlay(std::move(overlay));
}

void Programme::Impl::set_sound_insert(SoundInsert insert) {
  {
    std::lock_guard lock(overlay_mutex_);
    sound_insert_ = insert;
  }
  std::shared_lock parts(parts_mutex_);
  if (house_) house_->set_sound_insert(std::move(insert));
}

// The standby's slate while it is on air, else the house's picture.
pipeline::BufferPtr Programme::Impl::on_air_frame(bool clean) const {
  std::shared_lock parts(parts_mutex_);
  if (standby_ && standby_->on_air()) return standby_->latest_frame();
  if (!house_) return nullptr;
  return clean ? house_->latest_clean_frame() : house_->latest_frame();
}

std::string Programme::Impl::frame_png() const {
  const pipeline::BufferPtr frame = on_air_frame(false);
  return frame ? pipeline::encode_png(frame.get(), video_info_) : std::string();
}

std::string Programme::Impl::clean_frame_png() const {
  const pipeline::BufferPtr frame = on_air_frame(true);
  return frame ? pipeline::encode_png(frame.get(), video_info_) : std::string();
}

ProgrammeHealth Programme::Impl::health() const {
  ProgrammeHealth health;
  {
    std::shared_lock parts(parts_mutex_);
    health.running = running_.load() && house_ != nullptr;
    if (health.running) {
      health.uptime = std::chrono::duration_cast<std::chrono::milliseconds>(SteadyClock::now() - started_at_);
    }
    if (frames_) {
      const pipeline::FrameCounters counters = frames_->counters();
      health.frames_in = counters.frames_in;
      health.frames_dropped = counters.frames_dropped;
      health.frames_duplicated = counters.frames_duplicated;
      health.frames_slate = counters.frames_slate;
    }
    if (audio_) health.audio_underruns = audio_->underruns();
    health.frames_out = frames_out_before_.load();
    health.frames_encoded = frames_encoded_before_.load();
    health.preview_frames = preview_frames_before_.load();
    health.frames_standby = standby_frames_before_.load();
    if (standby_) {
      health.frames_standby += standby_->frames_out();
      health.frames_out += standby_->frames_out();
      health.frames_encoded += standby_->frames_encoded();
      health.preview_frames += standby_->preview_frames();
      health.standby_on_air = standby_->on_air();
    }
    health.frames_slate += health.frames_standby;  // the standby shows nothing else
    if (house_) {
      health.frames_out += house_->frames_out();
      health.frames_encoded += house_->frames_encoded();
      health.preview_frames += house_->preview_frames();
      const auto blend = house_->blend_last_second();
      health.blend_avg_ms = blend.avg_ms;
      health.blend_max_ms = blend.max_ms;
      if (!health.standby_on_air) {  // the standby's is silence
        const pipeline::AudioLevel level = house_->audio_level();
        health.audio_peak_db = level.peak_db;
        health.audio_rms_db = level.rms_db;
      }
      health.input_state = house_->showing_input() ? InputState::live
                           : health.frames_in > 0  ? InputState::lost
                                                   : InputState::starting;
    }
  }
  std::lock_guard lock(health_mutex_);
  health.input_restarts = input_restarts_;
  health.input_last_error = input_last_error_;
  health.programme_error = programme_error_;
  health.programme_restarts = programme_restarts_;
  health.programme_restarting = programme_down_;
  if (programme_down_ && running_.load()) health.running = true;  // being built again
  for (const auto& slot : outputs_) {
    health.outputs.push_back({slot->spec.text, slot->state, slot->bitrate_kbps, slot->restarts, slot->last_error});
  }
  return health;
}

Programme::Programme(ProgrammeConfig config) : impl_(std::make_unique<Impl>(std::move(config))) {}
Programme::~Programme() = default;

void Programme::start() { impl_->start(); }
void Programme::stop() { impl_->stop(); }
void Programme::simulate_programme_failure(const std::string& why, int failing_rebuilds) {
  impl_->simulate_programme_failure(why, failing_rebuilds);
}
bool Programme::running() const { return impl_->running(); }
void Programme::set_overlay(std::shared_ptr<FrameOverlay> overlay) { impl_->set_overlay(std::move(overlay)); }
void Programme::set_sound_insert(SoundInsert insert) { impl_->set_sound_insert(std::move(insert)); }

Programme::PreviewJpeg Programme::latest_preview_jpeg(std::uint64_t& seq) const {
  return impl_->preview_->latest(seq);
}

Programme::PreviewJpeg Programme::wait_preview_jpeg(std::uint64_t after_seq, std::chrono::milliseconds timeout,
                                                    std::uint64_t& seq) const {
  return impl_->preview_->wait_newer(after_seq, timeout, seq);
}

std::string Programme::frame_png() const { return impl_->frame_png(); }
std::string Programme::clean_frame_png() const { return impl_->clean_frame_png(); }
ProgrammeHealth Programme::health() const { return impl_->health(); }
const ProgrammeConfig& Programme::config() const { return impl_->config_; }

}  // namespace votercast::media
