// The one translation unit that compiles Boost.Asio (with its TLS, for the gateways'
// https:// send APIs) and Boost.Beast (separate compilation: every other file only
// sees declarations).
#include <boost/asio/impl/src.hpp>
#include <boost/asio/ssl/impl/src.hpp>
#include <boost/beast/src.hpp>
