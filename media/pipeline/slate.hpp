#pragma once
// The picture that goes to air while the input is lost, rendered once at start.
#include <gst/video/video.h>

#include <string>

#include "media/pipeline/gst_handles.hpp"

namespace votercast::media::pipeline {

// The operator's image (PNG or JPEG, letterboxed to the programme size), or without one a
// styled card saying "Tín hiệu tạm gián đoạn". Returns an I420 buffer described by info.
// Throws std::runtime_error naming the image if it cannot be read.
BufferPtr render_slate(const GstVideoInfo& info, const std::string& image_path);

// Converts a tightly packed BGRA picture (Cairo's ARGB32 on little-endian) to I420.
BufferPtr bgra_to_i420(const unsigned char* bgra, int stride, const GstVideoInfo& i420_info);

}  // namespace votercast::media::pipeline
