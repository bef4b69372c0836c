#pragma once
// An encoded buffer placed on the programme's timeline. Every encoding pipeline (the house,
// the slate standby, the house built again after a failure) runs on the system clock, and
// a buffer's running time plus its pipeline's base time is that clock's time: one timeline
// for all of them, where each pipeline's own running time starts again at zero.
#include <gst/gst.h>

namespace votercast::media::pipeline {

struct TimedSample {
  GstBuffer* buffer = nullptr;  // borrowed: its own timestamps are the pipeline's
  GstCaps* caps = nullptr;      // borrowed
  GstClockTime pts = GST_CLOCK_TIME_NONE;  // on the programme timeline
  GstClockTime dts = GST_CLOCK_TIME_NONE;
};

}  // namespace votercast::media::pipeline
