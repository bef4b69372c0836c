#pragma once
// Pictures for a ScreenerLink to send, made without a caller: I420 of any size with a QR
// code of a number in the middle, readable with qr_frame_number (signal_checks.hpp) after
// scaling and VP8, as debugqroverlay's are.
#include <memory>

#include "media/call/caller_link.hpp"

namespace votercast::media::call::test {

// A mid-grey picture of width x height (even) whose QR code says {"BUFFERCOUNT":number}.
std::shared_ptr<const CallerFrame> qr_picture(int width, int height, long number);

}  // namespace votercast::media::call::test
