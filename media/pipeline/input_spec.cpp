#include "media/pipeline/input_spec.hpp"

#include <charconv>
#include <stdexcept>

#include "media/pipeline/gst_runtime.hpp"

namespace votercast::media::pipeline {
namespace {

[[noreturn]] void reject(std::string_view text, const std::string& why) {
  throw std::invalid_argument("input '" + std::string(text) + "': " + why);
}

bool is_srt_listener(std::string_view uri) {
  const auto query = uri.find('?');
  if (query == std::string_view::npos) return false;
  const std::string_view parameters = uri.substr(query + 1);
  std::size_t start = 0;
  while (start <= parameters.size()) {
    const auto end = std::min(parameters.find('&', start), parameters.size());
    if (parameters.substr(start, end - start) == "mode=listener") return true;
    start = end + 1;
  }
  return false;
}

}  // namespace

InputSpec parse_input_spec(std::string_view text) {
  InputSpec spec;
  spec.text = std::string(text);
  if (text.empty() || text == "test") return spec;

  if (text.starts_with("decklink:")) {
    const std::string_view number = text.substr(9);
    int device = -1;
    const auto [end, error] = std::from_chars(number.data(), number.data() + number.size(), device);
    if (error != std::errc() || end != number.data() + number.size() || device < 0) {
      reject(text, "expected decklink:N with N the card's device number (0, 1, ...)");
    }
    spec.kind = InputSpec::Kind::decklink;
    spec.device = device;
    return spec;
  }

  ensure_gstreamer();
  if (text.starts_with('/')) {
    GError* raw_error = nullptr;
    GCharPtr uri(gst_filename_to_uri(std::string(text).c_str(), &raw_error));
    ErrorPtr error(raw_error);
    if (!uri) reject(text, error ? error->message : "not a usable file path");
    spec.kind = InputSpec::Kind::uri;
    spec.uri = uri.get();
    return spec;
  }

  const std::string uri(text);
  if (!gst_uri_is_valid(uri.c_str())) {
    reject(text, "expected 'test', 'decklink:N', a file path or a URI such as srt://host:port");
  }
  GCharPtr scheme(gst_uri_get_protocol(uri.c_str()));
  if (!gst_uri_protocol_is_supported(GST_URI_SRC, scheme.get())) {
    reject(text, std::string("no installed GStreamer source reads '") + scheme.get() + "://'");
  }
  spec.uri = uri;
  spec.kind = std::string_view(scheme.get()) == "srt" && is_srt_listener(uri) ? InputSpec::Kind::srt_listener
                                                                               : InputSpec::Kind::uri;
  return spec;
}

}  // namespace votercast::media::pipeline
