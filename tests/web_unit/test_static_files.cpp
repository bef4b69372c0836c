#include <gtest/gtest.h>

#include "web/net/static_files.hpp"

namespace votercast::web {
namespace {

const std::string kRoot = VOTERCAST_STATIC_DIR;

std::string header(const Response& r, const std::string& name) {
  for (const auto& [n, v] : r.headers)
    if (n == name) return v;
  return "";
}

TEST(StaticFiles, PagesHavePlainAddressesAndCarryTheSecurityHeaders) {
  const auto index = static_file(kRoot, "/");
  EXPECT_EQ(index.status, 200);
  EXPECT_EQ(index.content_type, "text/html; charset=utf-8");
  EXPECT_NE(header(index, "Content-Security-Policy").find("script-src 'self'"), std::string::npos);
  const auto console = static_file(kRoot, "/console");  // console.html
  EXPECT_EQ(console.status, 200);
  EXPECT_NE(console.body.find("<html"), std::string::npos);
  const auto script = static_file(kRoot, "/api.js");
  EXPECT_EQ(script.status, 200);
  EXPECT_EQ(script.content_type, "text/javascript; charset=utf-8");
  EXPECT_EQ(header(script, "X-Content-Type-Options"), "nosniff");
}

TEST(StaticFiles, NothingOutsideTheFolderNorHiddenIsServed) {
  for (const char* path : {"/../CMakeLists.txt", "/../../etc/passwd", "/.hidden", "/x/../../web/CMakeLists.txt",
                           "/..\\CMakeLists.txt", "/nothing-here.js", "/nothing-here"}) {
    const auto r = static_file(kRoot, path);
    EXPECT_EQ(r.status, 404) << path;
    EXPECT_NE(r.body.find("\"not_found\""), std::string::npos) << path;
  }
  EXPECT_EQ(static_file("", "/index.html").status, 404);  // no folder configured: nothing
}

}  // namespace
}  // namespace votercast::web
