#include "web/net/static_files.hpp"

#include <fstream>
#include <sstream>

#include "web/net/page_security.hpp"

namespace votercast::web {
namespace {

std::string content_type_for(const std::string& path) {
  const auto dot = path.rfind('.');
  const auto ext = dot == std::string::npos ? "" : path.substr(dot + 1);
  if (ext == "html") return "text/html; charset=utf-8";
  if (ext == "css") return "text/css; charset=utf-8";
  if (ext == "js") return "text/javascript; charset=utf-8";
  if (ext == "json") return "application/json; charset=utf-8";
  if (ext == "svg") return "image/svg+xml";
  if (ext == "png") return "image/png";
  if (ext == "ico") return "image/x-icon";
  if (ext == "woff2") return "font/woff2";
  return "application/octet-stream";
}

}  // namespace

Response static_file(const std::string& root, const std::string& path) {
  std::string relative = path == "/" ? "/index.html" : path;
  // The pages have plain addresses: /console is console.html.
  if (relative.find('.', relative.rfind('/')) == std::string::npos) relative += ".html";
  if (relative.find("/.") != std::string::npos || relative.find('\\') != std::string::npos || root.empty())
    return error_response(404, "not_found", "Không tìm thấy / no such resource: " + path);
  std::ifstream file(root + relative, std::ios::binary);
  if (!file) return error_response(404, "not_found", "Không tìm thấy / no such resource: " + path);
  std::ostringstream body;
  body << file.rdbuf();
  if (file.bad()) return error_response(404, "not_found", "Không tìm thấy / no such resource: " + path);
  Response r;
  r.content_type = content_type_for(relative);
  r.body = body.str();
  r.headers.emplace_back("Cache-Control", "no-cache");
  if (r.content_type.starts_with("text/html"))
    add_page_security_headers(r);
  else
    r.headers.emplace_back("X-Content-Type-Options", "nosniff");
  return r;
}

}  // namespace votercast::web
