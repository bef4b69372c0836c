#pragma once
// Caller feeds without phones: every caller is connected, shows colour bars and sounds a
// 400 Hz tone (the programme's own line-up tone is 1 kHz). For
// rehearsing the on-air layouts before a show, and for the server's tests, which run the
// real binary and cannot hand it a call ([calls] test_picture = true). Never on a real show.
#include <memory>

#include "web/live/caller_feeds.hpp"

namespace votercast::web {

class TestPictureFeeds final : public CallerFeeds {
 public:
  TestPictureFeeds();
  media::CallerPictureSource picture(std::int64_t caller_id) override;
  media::SoundInsert sound(std::int64_t caller_id) override;
  FeedState state(std::int64_t caller_id) const override;

 private:
  std::shared_ptr<const media::CallerPicture> bars_;  // made once, shared by every caller
};

// The picture: 1280x720, seven vertical bars (white, yellow, cyan, green, magenta, red, blue).
std::shared_ptr<const media::CallerPicture> colour_bars(int width, int height);

// The sound: a sine of `hz` at `dbfs` (peak), added into the programme, continuous across
// buffers (interleaved stereo at 48 kHz).
media::SoundInsert test_tone(double hz, double dbfs);

}  // namespace votercast::web
