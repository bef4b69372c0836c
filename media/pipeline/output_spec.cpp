#include "media/pipeline/output_spec.hpp"

#include <algorithm>
#include <cctype>
#include <stdexcept>

namespace votercast::media::pipeline {
namespace {

[[noreturn]] void reject(std::string_view text, const std::string& why) {
  throw std::invalid_argument("output '" + std::string(text) + "': " + why);
}

std::string lower(std::string_view text) {
  std::string result(text);
  std::transform(result.begin(), result.end(), result.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return result;
}

OutputSpec::Container container_for(std::string_view text, std::string_view path) {
  const auto dot = path.rfind('.');
  const std::string extension = dot == std::string_view::npos ? "" : lower(path.substr(dot + 1));
  if (extension == "mkv") return OutputSpec::Container::matroska;
  if (extension == "mp4") return OutputSpec::Container::mp4;
  if (extension == "ts") return OutputSpec::Container::mpegts;
  reject(text, "a recording ends in .mkv, .mp4 or .ts");
}

}  // namespace

OutputSpec parse_output_spec(std::string_view text) {
  OutputSpec spec;
  spec.text = std::string(text);
  if (text.starts_with("rtmp://") || text.starts_with("rtmps://")) {
    spec.kind = OutputSpec::Kind::rtmp;
    spec.target = std::string(text);
  } else if (text.starts_with("srt://")) {
    spec.kind = OutputSpec::Kind::srt;
    spec.target = std::string(text);
  } else if (text.starts_with("file:")) {
    std::string_view path = text.substr(5);
    // Accept file:///abs/path.mkv as well as file:/abs/path.mkv and file:relative.mkv.
    if (path.starts_with("//")) path.remove_prefix(2);
    if (path.empty()) reject(text, "missing file path");
    spec.kind = OutputSpec::Kind::file;
    spec.container = container_for(text, path);
    spec.target = std::string(path);
  } else if (text.starts_with("hls:")) {
    if (text.size() == 4) reject(text, "missing directory");
    spec.kind = OutputSpec::Kind::hls;
    spec.target = std::string(text.substr(4));
  } else {
    reject(text, "expected rtmp://…, srt://…, file:PATH.mkv|mp4|ts or hls:DIR");
  }
  return spec;
}

}  // namespace votercast::media::pipeline
