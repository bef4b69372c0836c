#pragma once
// The live programme and the graphics drawn over it, as the server owns them:
// media/ knows nothing of questions, this is where the two meet.
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "media/graphics/graphics_engine.hpp"
#include "media/pipeline/programme.hpp"
#include "web/net/blocking_worker.hpp"
#include "web/config/config.hpp"

namespace votercast::web {

class ControlRoom {
 public:
  ControlRoom(const ProgrammeSettings& settings, const std::string& public_url);
  ~ControlRoom();
  ControlRoom(const ControlRoom&) = delete;
  ControlRoom& operator=(const ControlRoom&) = delete;

  // Starts the programme; throws (naming the input) when it cannot. No-op when disabled.
  void start();
  void stop();

  // The graphics exist even without a programme: the scene API and the stills still work.
  media::graphics::GraphicsEngine& graphics() { return *graphics_; }
  // Null when the programme is disabled in the settings.
  media::Programme* programme() { return programme_.get(); }
  // PNG encoding and stills: tens of milliseconds each, never on the io thread.
  BlockingWorker& worker() { return worker_; }

  // The caller whose lower third the call-in lines put up, and what it said: ending or
  // editing that call changes it only while the operator has not replaced it. io thread.
  struct CallerOnScreen {
    std::int64_t caller_id = 0;
    media::graphics::LowerThird shown;
  };
  std::optional<CallerOnScreen> caller_on_screen;
  // The caller whose picture the caller_video layer shows (web/live/caller_video.hpp). io thread.
  std::optional<std::int64_t> caller_video_on_screen;

  // A caller's picture to the graphics and voice to the programme's sound, in place of any
  // before.
  void put_caller_media(media::CallerPictureSource picture, media::SoundInsert sound);
  // Lets both go once `generation` (the layer taken down) is published, so that no frame
  // shows an empty box in the layer's last moment; unless another was put meanwhile.
  void let_go_caller_media(std::uint64_t generation);

 private:
  std::shared_ptr<media::graphics::GraphicsEngine> graphics_;
  std::unique_ptr<media::Programme> programme_;
  BlockingWorker worker_;
  std::mutex caller_mutex_;  // a let-go on the worker never clears a caller put after it was asked
  std::uint64_t callers_put_ = 0;
};

// The scene on air before an operator touches anything: the bug, and the QR code
// (hidden) pointing at the voters' question page.
media::graphics::Scene opening_scene(const ProgrammeSettings& settings, const std::string& public_url);

}  // namespace votercast::web
