#pragma once
// Owning handles for GStreamer and GLib objects, so every ref has exactly one release.
#include <glib.h>
#include <gst/gst.h>

#include <memory>
#include <string>

namespace votercast::media::pipeline {

struct GstObjectRelease {
  void operator()(gpointer object) const { if (object) gst_object_unref(object); }
};
struct GstMiniObjectRelease {
  void operator()(gpointer object) const { if (object) gst_mini_object_unref(GST_MINI_OBJECT_CAST(object)); }
};
struct GErrorRelease {
  void operator()(GError* error) const { if (error) g_error_free(error); }
};
struct GFreeRelease {
  void operator()(gpointer memory) const { g_free(memory); }
};
struct GSourceRelease {
  // Destroy detaches the source from its context (no further dispatch), unref frees it.
  void operator()(GSource* source) const {
    if (source) {
      g_source_destroy(source);
      g_source_unref(source);
    }
  }
};

using ElementPtr = std::unique_ptr<GstElement, GstObjectRelease>;
using PadPtr = std::unique_ptr<GstPad, GstObjectRelease>;
using BusPtr = std::unique_ptr<GstBus, GstObjectRelease>;
using ClockPtr = std::unique_ptr<GstClock, GstObjectRelease>;
using BufferPtr = std::unique_ptr<GstBuffer, GstMiniObjectRelease>;
using SamplePtr = std::unique_ptr<GstSample, GstMiniObjectRelease>;
using CapsPtr = std::unique_ptr<GstCaps, GstMiniObjectRelease>;
using MessagePtr = std::unique_ptr<GstMessage, GstMiniObjectRelease>;
using ErrorPtr = std::unique_ptr<GError, GErrorRelease>;
using GCharPtr = std::unique_ptr<gchar, GFreeRelease>;
using SourcePtr = std::unique_ptr<GSource, GSourceRelease>;

// A new reference to a buffer that stays alive as long as the handle.
inline BufferPtr ref_buffer(GstBuffer* buffer) { return BufferPtr(gst_buffer_ref(buffer)); }

// A pipeline that is brought to NULL before its last ref goes, so no streaming thread
// outlives the objects its callbacks point at.
struct PipelineRelease {
  void operator()(GstElement* pipeline) const {
    if (pipeline) {
      gst_element_set_state(pipeline, GST_STATE_NULL);
      gst_object_unref(pipeline);
    }
  }
};
using PipelinePtr = std::unique_ptr<GstElement, PipelineRelease>;

}  // namespace votercast::media::pipeline
