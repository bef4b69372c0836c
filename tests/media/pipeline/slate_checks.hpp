#pragma once
// What a recording of a programme whose pipeline failed and came back must show: the input,
// the slate from the standby for the outage (with silence), the input again, on one
// timeline. Shared by the recording and the network output tests.
#include <chrono>
#include <filesystem>

#include "media_probe.hpp"
#include "programme_fixture.hpp"
#include "recording_reader.hpp"

namespace votercast::media::test {

inline constexpr Rgb kOrange{255, 128, 0};  // in I420: Cb low, Cr high, unlike any test-pattern bar

bool shows_slate(const DecodedFrame& frame);
// The moving colour bars of the test input.
bool shows_input(const DecodedFrame& frame);

// small_programme() with an orange slate image written into dir.
ProgrammeConfig with_orange_slate(const TempDir& dir);

// Fails the programme pipeline and the first attempt to build it again (backoff 0.5 s, then
// 1 s); returns when it is back, with how long that took.
std::chrono::milliseconds fail_and_come_back(Programme& programme);

// Decodes file and checks it: strictly increasing timestamps with no hole over three
// frames, as long as recorded_s; the input, the slate for about `outage`, the input again;
// the tone, silence under the slate, the tone again. Records the longest frame.
void expect_slate_through_the_outage(const std::filesystem::path& file, std::chrono::milliseconds outage,
                                     double recorded_s);

}  // namespace votercast::media::test
