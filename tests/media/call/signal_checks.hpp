#pragma once
// What the call tests read off the media: a tone's strength at one frequency (Goertzel),
// a sound's RMS level, and the frame number debugqroverlay stamped into a picture.
#include <chrono>
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "media/call/caller_link.hpp"

namespace votercast::media::call::test {

// Power of frequency hz in samples (mono) at rate, normalised so that a full-scale sine
// gives about 0.25.
double tone_power(std::span<const std::int16_t> samples, int rate, double hz);
double rms_dbfs(std::span<const std::int16_t> samples);
// Pulls the caller's sound 20 ms at a time at the pace the programme would, for duration;
// returns the left channel.
std::vector<std::int16_t> pull_paced(CallerLink& link, std::chrono::milliseconds duration);

// Every other sample: the left channel of interleaved stereo.
std::vector<std::int16_t> left_channel(std::span<const std::int16_t> interleaved);

// The BUFFERCOUNT in the QR code debugqroverlay stamps, read with zbar from the luma plane.
std::optional<long> qr_frame_number(const CallerFrame& frame);

}  // namespace votercast::media::call::test
