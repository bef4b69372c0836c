#pragma once
// A sound mixed into the programme after the input's: the voice of a video caller on air
// (issue 15). Shared by the programme, which calls it, and the server, which makes it.
#include <cstdint>
#include <functional>
#include <span>

namespace votercast::media {

// Called on the programme audio's streaming thread with each 20 ms buffer (interleaved S16
// stereo at 48 kHz) holding the programme's sound so far; adds its own sound into it. What
// it is handed is the programme without it: what a caller must hear (mix-minus). Never
// waits: a caller's network must not hold up the programme.
using SoundInsert = std::function<void(std::span<std::int16_t> programme)>;

// Adds `sound` into `into`, clipping at full scale instead of wrapping round.
inline void mix_saturating(std::span<std::int16_t> into, std::span<const std::int16_t> sound) {
  const std::size_t n = into.size() < sound.size() ? into.size() : sound.size();
  for (std::size_t i = 0; i < n; ++i) {
    const std::int32_t sum = static_cast<std::int32_t>(into[i]) + sound[i];
    into[i] = static_cast<std::int16_t>(sum > 32767 ? 32767 : sum < -32768 ? -32768 : sum);
  }
}

}  // namespace votercast::media
