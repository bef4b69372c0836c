#pragma once
// Whether voters' questions are being taken. The producer pauses intake when the
// programme cannot take more; the setting is kept in the database (settings table).
#include <atomic>

namespace votercast::web {

struct IntakeSwitch {
  std::atomic<bool> paused{false};
};

}  // namespace votercast::web
