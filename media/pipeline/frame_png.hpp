#pragma once
// A programme frame as a PNG file's bytes (for stills, thumbnails and tests).
#include <gst/video/video.h>

#include <string>

namespace votercast::media::pipeline {

// frame: I420 described by info. Runs on the caller's thread (never the streaming one).
std::string encode_png(GstBuffer* frame, const GstVideoInfo& info);

}  // namespace votercast::media::pipeline
