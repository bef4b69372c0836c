#include "media/pipeline/decklink_probe.hpp"

#include <dlfcn.h>

#include "media/pipeline/gst_runtime.hpp"

namespace votercast::media::pipeline {

std::string decklink_missing() {
  if (!element_available("decklinkvideosrc") || !element_available("decklinkaudiosrc")) {
    return "GStreamer's decklink plugin (gstreamer1.0-plugins-bad) is not installed";
  }
  // The same library the plugin loads at run time; Desktop Video installs it.
  void* driver = dlopen("libDeckLinkAPI.so", RTLD_NOW | RTLD_LOCAL);
  if (!driver) return "Blackmagic Desktop Video driver is not installed (libDeckLinkAPI.so not found)";
  dlclose(driver);
  return {};
}

}  // namespace votercast::media::pipeline
