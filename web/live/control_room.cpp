#include "web/live/control_room.hpp"

#include <chrono>
#include <iostream>

namespace votercast::web {

media::graphics::Scene opening_scene(const ProgrammeSettings& settings, const std::string& public_url) {
  media::graphics::Scene scene;
  scene.bug.visible = true;
  scene.bug.content.logo_text = settings.logo_text;
  scene.bug.content.logo_png = settings.logo_png;
  scene.qr.content.url = public_url;
  scene.qr.transition = {media::graphics::Transition::Kind::fade, 300};
  scene.question_card.transition = {media::graphics::Transition::Kind::fade, 300};
  scene.lower_third.transition = {media::graphics::Transition::Kind::fade, 300};
  return scene;
}

ControlRoom::ControlRoom(const ProgrammeSettings& settings, const std::string& public_url)
    : graphics_(std::make_shared<media::graphics::GraphicsEngine>(settings.width, settings.height)) {
  graphics_->set_scene(opening_scene(settings, public_url));
  if (!settings.enabled) return;
  media::ProgrammeConfig config;
  config.input = settings.input;
  config.outputs = settings.outputs;
  config.width = settings.width;
  config.height = settings.height;
  config.fps = settings.fps;
  config.preview_width = settings.preview_width;
  config.preview_height = settings.preview_height;
  config.preview_fps = settings.preview_fps;
  config.slate_image = settings.slate_image;
  config.log = [](std::string_view line) { std::cerr << "votercast: programme: " << line << "\n"; };
  programme_ = std::make_unique<media::Programme>(std::move(config));
  programme_->set_overlay(graphics_);
}

ControlRoom::~ControlRoom() { stop(); }

void ControlRoom::put_caller_media(media::CallerPictureSource picture, media::SoundInsert sound) {
  std::lock_guard lock(caller_mutex_);
  ++callers_put_;
  graphics_->set_caller_picture(std::move(picture));
  if (programme_) programme_->set_sound_insert(std::move(sound));
}

void ControlRoom::let_go_caller_media(std::uint64_t generation) {
  std::uint64_t put;
  {
    std::lock_guard lock(caller_mutex_);
    put = callers_put_;
  }
  // The worker waits, not the io thread: a hide is published within milliseconds, unless
  // the renderer is busy with a card; a second is plenty.
  worker_.run([this, generation, put] {
    graphics_->wait_published(generation, std::chrono::seconds(1));
    std::lock_guard lock(caller_mutex_);
    if (callers_put_ != put) return;
    graphics_->set_caller_picture({});
    if (programme_) programme_->set_sound_insert({});
  });
}

void ControlRoom::start() {
  if (programme_) programme_->start();
}

void ControlRoom::stop() {
  worker_.stop();
  if (programme_) programme_->stop();
}

}  // namespace votercast::web
