#pragma once
// One video caller's media as the programme and the screener read it, across the caller's
// successive links (a phone that comes back makes a new one): the link in use, if any,
// and the last picture taken from it, repacked for the graphics.
//
// Threads: attach/detach on the thread that makes and destroys links; picture() and
// mix_into() on the programme's streaming threads; screen_into() on the screening pump's;
// stats() on the io thread. The lock is
// short: pointer swaps and the link's own brief calls (latest_frame, stats, its audio
// FIFO, its non-blocking return push), never a copy of a picture or a wait on the network.
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <vector>

#include "media/call/caller_link.hpp"
#include "media/call/screener_link.hpp"
#include "media/video_frame.hpp"

namespace votercast::web {

class CallerSlot : public std::enable_shared_from_this<CallerSlot> {
 public:
  // The caller's new link, before its offer is taken; detach before destroying it.
  void attach(media::call::CallerLink* link);
  void detach(const media::call::CallerLink* link);

  // The newest picture, repacked only when the link has a new one; the last one once the
  // link has gone; null before the first. Never waits for the network.
  std::shared_ptr<const media::CallerPicture> picture();
  // A SoundInsert for the programme: hands the caller `programme` as it is (the programme
  // without their voice: mix-minus), then adds their voice into it. Nothing without a link.
  void mix_into(std::span<std::int16_t> programme);
  // Held by the programme's sound insert while it has one: the caller's voice is the
  // programme's, and their return is the programme's mix-minus. Released on destruction.
  std::shared_ptr<void> hold_for_programme();

  // What a screener's link was last handed (screen_into's own bookkeeping).
  struct ScreeningCursor {
    std::uint64_t link_serial = 0;
    std::uint64_t frame = 0;
    std::vector<std::int16_t> sound;  // scratch: one tick's sound
  };
  // One tick (`frames` sample frames) of a screening: the caller's new picture, if any, to
  // the screener; and, unless the programme holds the caller, their voice to the screener
  // and the screener's talk-back to them. Nothing without a link; never waits.
  void screen_into(media::call::ScreenerLink& screener, ScreeningCursor& cursor, std::size_t frames);

  // The link's numbers, none when no link is attached.
  std::optional<media::call::CallerStats> stats() const;

 private:
  mutable std::mutex mutex_;
  media::call::CallerLink* link_ = nullptr;
  int programme_holds_ = 0;
  std::vector<std::int16_t> voice_;  // mix_into's scratch: one programme buffer
  std::uint64_t link_serial_ = 0;     // one more with each attach
  std::uint64_t packed_serial_ = 0;   // the link and frame number of picture_
  std::uint64_t packed_frame_ = 0;
  std::uint64_t pictures_ = 0;        // numbers the pictures handed out, across links
  std::shared_ptr<const media::CallerPicture> picture_;
};

// The frame's planes copied tightly packed (its strides dropped), as the graphics take them.
std::shared_ptr<media::CallerPicture> packed_picture(const media::call::CallerFrame& frame);

}  // namespace votercast::web
