#pragma once
// Process-wide GStreamer set-up and the small lookups every pipeline part needs.
#include <gst/gst.h>

#include <string>

#include "media/pipeline/gst_handles.hpp"

namespace votercast::media::pipeline {

// gst_init once per process; safe from any thread, any number of times.
void ensure_gstreamer();

bool element_available(const char* factory);

// Creates an element or throws std::runtime_error naming the missing plugin.
// The element is floating until added to a bin; the caller adds it right away.
GstElement* make_element(const char* factory, const char* name = nullptr);

// "element-name: message (debug)" for an ERROR or WARNING message.
std::string describe_message(GstMessage* message);

// Waits up to timeout for ERROR or EOS on bus; returns the message (null on timeout).
MessagePtr pop_error_or_eos(GstBus* bus, GstClockTime timeout);

}  // namespace votercast::media::pipeline
