// The webrtcbin every link makes (add_webrtcbin): what it is told before it gathers.
#include <gtest/gtest.h>

#include <stdexcept>

#include "media/call/webrtc_setup.hpp"
#include "media/pipeline/gst_handles.hpp"
#include "media/pipeline/gst_runtime.hpp"

namespace votercast::media::call::test {
namespace {

// libnice's own agent inside webrtcbin's ICE object.
GObject* nice_agent_of(GstElement* webrtc) {
  GstObject* ice = nullptr;
  g_object_get(webrtc, "ice-agent", &ice, nullptr);
  GObject* agent = nullptr;
  g_object_get(ice, "agent", &agent, nullptr);
  gst_object_unref(ice);
  return agent;
}

TEST(WebrtcSetup, TheIceAgentAsksNoRouterForPortMappings) {
  pipeline::ensure_gstreamer();
  pipeline::PipelinePtr pipeline(gst_pipeline_new("setup"));
  GstElement* webrtc = add_webrtcbin(GST_BIN(pipeline.get()), IceSettings{"", "", {"127.0.0.1"}, false}, "setup");
  GObject* agent = nice_agent_of(webrtc);
  ASSERT_NE(agent, nullptr);
  gboolean upnp = TRUE;
  g_object_get(agent, "upnp", &upnp, nullptr);
  g_object_unref(agent);
  EXPECT_FALSE(upnp) << "no UPnP: no multicast search and no port opened on the station's router";
  int bundle = 0;
  g_object_get(webrtc, "bundle-policy", &bundle, nullptr);
  EXPECT_EQ(bundle, 3) << "max-bundle";
}

TEST(WebrtcSetup, AnAddressThatIsNotThisMachinesIsRefusedByName) {
  pipeline::ensure_gstreamer();
  pipeline::PipelinePtr pipeline(gst_pipeline_new("setup"));
  try {
    add_webrtcbin(GST_BIN(pipeline.get()), IceSettings{"", "", {"not-an-address"}, false}, "studio-9");
    FAIL() << "accepted an address that is not one";
  } catch (const std::runtime_error& error) {
    EXPECT_NE(std::string(error.what()).find("studio-9"), std::string::npos) << error.what();
  }
}

}  // namespace
}  // namespace votercast::media::call::test
