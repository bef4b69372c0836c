#pragma once
// Reading one request off a connection as the server does: Beast's parser with the server's
// limits, and the plain Request made of what it parsed. The server and the HTTP fuzzer
// (tests/fuzz/http_request_fuzz.cpp) both go through these, so the fuzzer parses what the
// server would.
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/string_body.hpp>

#include "web/net/http_server.hpp"
#include "web/net/http_types.hpp"

namespace votercast::web {

using RequestParser = boost::beast::http::request_parser<boost::beast::http::string_body>;
using RequestMessage = boost::beast::http::request<boost::beast::http::string_body>;

// A fresh parser's header and body limits, from the server's.
void limit_request_parser(RequestParser& parser, const ServerLimits& limits);

// Method, raw target and headers (names lower-cased, in order) of a parsed request head.
// The path, query and body are left alone.
void fill_request_head(Request& request, const RequestMessage& message);

}  // namespace votercast::web
