#pragma once
// The first frame a console gets on a fresh start: the open show (or, between shows, the
// questions still waiting), its callers and polls, whether intake is paused, and the scene
// on air, all read in one transaction so that they agree with the seq they carry.
#include "core/store/database.hpp"
#include "web/live/event_hub.hpp"

namespace votercast::web {

class ControlRoom;
class PollRoom;
struct IntakeSwitch;

EventHub::Snapshot console_snapshot(core::store::Database& reader, ControlRoom& room, PollRoom& polls,
                                    const IntakeSwitch& intake, core::PhoneView phones);

}  // namespace votercast::web
