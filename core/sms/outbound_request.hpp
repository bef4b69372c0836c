#pragma once
// An HTTP request to a gateway's send API, as plain data: the builders in
// outbound_gateways.hpp make one, the web layer's client performs it. Also the encodings
// those APIs want (percent-encoded queries and forms, HTTP Basic).
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace votercast::core::sms {

using Fields = std::vector<std::pair<std::string, std::string>>;

struct OutboundRequest {
  std::string method;  // "GET" or "POST"
  std::string url;     // http:// or https://, query included
  Fields headers;      // besides Host, User-Agent and Content-Length, which the client adds
  std::string body;
};

// Every byte but RFC 3986's unreserved ones (A-Z a-z 0-9 - . _ ~) as %XX: a space is %20,
// which form decoders read as well as '+'.
std::string percent_encode(std::string_view bytes);
// name=value&… in the given order, both percent-encoded.
std::string form_encode(const Fields& fields);
// `url` with the fields appended as its query ('?' or '&' as it already has one).
std::string url_with_query(std::string_view url, const Fields& fields);
// "Basic " + base64(user ":" password).
std::string basic_authorization(std::string_view user, std::string_view password);

}  // namespace votercast::core::sms
