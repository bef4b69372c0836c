#include "web/live/test_picture_feeds.hpp"

#include <array>
#include <cmath>
#include <cstdint>
#include <numbers>
#include <vector>

namespace votercast::web {

std::shared_ptr<const media::CallerPicture> colour_bars(int width, int height) {
  // 75% bars in BT.601 limited range: Y, U, V.
  constexpr std::array<std::array<std::uint8_t, 3>, 7> kBars = {{{180, 128, 128},
                                                                 {162, 44, 142},
                                                                 {131, 156, 44},
                                                                 {112, 72, 58},
                                                                 {84, 184, 198},
                                                                 {65, 100, 212},
                                                                 {35, 212, 114}}};
  auto p = std::make_shared<media::CallerPicture>();
  p->width = width, p->height = height, p->number = 1;
  const int cw = (width + 1) / 2, ch = (height + 1) / 2;
  p->y.resize(static_cast<std::size_t>(width) * height);
  p->u.resize(static_cast<std::size_t>(cw) * ch);
  p->v.resize(p->u.size());
  for (int row = 0; row < height; ++row)
    for (int x = 0; x < width; ++x) p->y[static_cast<std::size_t>(row) * width + x] = kBars[x * 7 / width][0];
  for (int row = 0; row < ch; ++row)
    for (int x = 0; x < cw; ++x) {
      const auto& bar = kBars[x * 7 / cw];
      p->u[static_cast<std::size_t>(row) * cw + x] = bar[1];
      p->v[static_cast<std::size_t>(row) * cw + x] = bar[2];
    }
  return p;
}

media::SoundInsert test_tone(double hz, double dbfs) {
  const double amplitude = 32767.0 * std::pow(10.0, dbfs / 20.0);
  const double step = 2 * std::numbers::pi * hz / 48000.0;
  return [amplitude, step, phase = 0.0, tone = std::vector<std::int16_t>()](std::span<std::int16_t> programme) mutable {
    tone.resize(programme.size());
    for (std::size_t i = 0; i + 1 < tone.size(); i += 2) {
      tone[i] = tone[i + 1] = static_cast<std::int16_t>(amplitude * std::sin(phase));
      phase = std::fmod(phase + step, 2 * std::numbers::pi);
    }
    media::mix_saturating(programme, tone);
  };
}

TestPictureFeeds::TestPictureFeeds() : bars_(colour_bars(1280, 720)) {}

media::CallerPictureSource TestPictureFeeds::picture(std::int64_t) {
  return [bars = bars_] { return bars; };
}

media::SoundInsert TestPictureFeeds::sound(std::int64_t) { return test_tone(400.0, -20.0); }

FeedState TestPictureFeeds::state(std::int64_t) const { return FeedState::connected; }

}  // namespace votercast::web
