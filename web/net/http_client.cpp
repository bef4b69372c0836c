#include "web/net/http_client.hpp"

#include <optional>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>

#include "web/net/http_url.hpp"

namespace votercast::web {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace ssl = asio::ssl;
using tcp = asio::ip::tcp;
using Clock = std::chrono::steady_clock;

http::request<http::string_body> http_request(const HttpFetchRequest& r, const HttpUrl& url) {
  http::request<http::string_body> req;
  const auto verb = http::string_to_verb(r.method);
  if (verb == http::verb::unknown) throw std::invalid_argument("unknown HTTP method '" + r.method + "'");
  req.method(verb);
  req.target(url.target);
  req.version(11);
  const bool default_port = url.port == (url.tls ? "443" : "80");
  const auto host = url.host.find(':') != std::string::npos ? "[" + url.host + "]" : url.host;
  req.set(http::field::host, default_port ? host : host + ":" + url.port);
  req.set(http::field::user_agent, "votercast");
  req.set(http::field::connection, "close");
  for (const auto& [name, value] : r.headers) req.set(name, value);
  req.body() = r.body;
  req.prepare_payload();
  return req;
}

template <class Stream>
asio::awaitable<void> exchange(Stream& stream, const http::request<http::string_body>& req, std::size_t max_body,
                               HttpFetchResult& out) {
  co_await http::async_write(stream, req, asio::use_awaitable);
  beast::flat_buffer buffer;
  http::response_parser<http::string_body> parser;
  parser.body_limit(max_body);
  co_await http::async_read(stream, buffer, parser, asio::use_awaitable);
  out.status = parser.get().result_int();
  out.body = std::move(parser.get().body());
}

asio::awaitable<void> fetch(HttpUrl url, http::request<http::string_body> req, std::size_t max_body,
                            Clock::time_point deadline, HttpFetchResult& out) {
  try {
    auto executor = co_await asio::this_coro::executor;
    tcp::resolver resolver(executor);
    const auto endpoints = co_await resolver.async_resolve(url.host, url.port, asio::use_awaitable);
    if (!url.tls) {
      beast::tcp_stream stream(executor);
      stream.expires_at(deadline);  // every operation below ends by then
      co_await stream.async_connect(endpoints, asio::use_awaitable);
      co_await exchange(stream, req, max_body, out);
      co_return;
    }
    ssl::context tls(ssl::context::tls_client);
    tls.set_default_verify_paths();
    tls.set_verify_mode(ssl::verify_peer);
    beast::ssl_stream<beast::tcp_stream> stream(executor, tls);
    if (!SSL_set_tlsext_host_name(stream.native_handle(), url.host.c_str()))
      throw beast::system_error(beast::error_code(static_cast<int>(::ERR_get_error()), asio::error::get_ssl_category()));
    stream.set_verify_callback(ssl::host_name_verification(url.host));
    beast::get_lowest_layer(stream).expires_at(deadline);
    co_await beast::get_lowest_layer(stream).async_connect(endpoints, asio::use_awaitable);
    co_await stream.async_handshake(ssl::stream_base::client, asio::use_awaitable);
    co_await exchange(stream, req, max_body, out);
  } catch (const beast::system_error& e) {
    out.status = 0;
    out.body.clear();
    if (e.code() == beast::error::timeout)
      out.error = "timed out";
    else if (e.code() == http::error::body_limit)
      out.error = "the answer's body is longer than " + std::to_string(max_body) + " bytes";
    else
      out.error = e.code().message();
  }
}

}  // namespace

HttpFetchResult http_fetch(const HttpFetchRequest& request, const HttpFetchOptions& options) {
  HttpFetchResult out;
  const auto url = parse_http_url(request.url);
  if (!url) {
    out.error = "not an http:// or https:// URL";
    return out;
  }
  http::request<http::string_body> req;
  try {
    req = http_request(request, *url);
  } catch (const std::exception& e) {
    out.error = e.what();
    return out;
  }
  asio::io_context io;
  const auto deadline = Clock::now() + options.timeout;
  asio::co_spawn(io, fetch(*url, std::move(req), options.max_body, deadline, out), asio::detached);
  // Name resolution has no timer of its own: the run itself is bounded too.
  io.run_for(options.timeout + std::chrono::milliseconds(500));
  if (!io.stopped()) {
    io.stop();
    out = {};
    out.error = "timed out";
  }
  if (out.error == "timed out") out.error = "timed out after " + std::to_string(options.timeout.count()) + " ms";
  return out;
}

}  // namespace votercast::web
