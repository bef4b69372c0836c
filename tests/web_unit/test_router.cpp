#include <gtest/gtest.h>

#include <optional>
#include <stdexcept>

#include <nlohmann/json.hpp>

#include "web/net/router.hpp"

namespace votercast::web {
namespace {

Response mapped(std::exception_ptr) { return error_response(418, "mapped", "the application's mapper answered"); }

struct Answer {
  std::optional<Response> response;
  Respond respond() {
    return [this](Response r) { response = std::move(r); };
  }
  std::string code() const { return nlohmann::json::parse(response->body)["error"]["code"]; }
};

Request request(std::string method, std::string path) {
  Request r;
  r.method = std::move(method);
  r.path = std::move(path);
  return r;
}

TEST(Router, CapturesPathParametersAndPicksTheRouteByMethod) {
  Router router(mapped);
  std::string seen;
  router.add("GET", "/api/questions/{id}", [&](Request& r, Respond done) {
    seen = "get " + r.path_params.at("id");
    done(Response{});
  });
  router.add("POST", "/api/questions/{id}/transition", [&](Request& r, Respond done) {
    seen = "transition " + r.path_params.at("id");
    done(Response{});
  });
  Answer a;
  router.dispatch(request("GET", "/api/questions/42"), a.respond());
  EXPECT_EQ(seen, "get 42");
  router.dispatch(request("POST", "/api/questions/7/transition"), a.respond());
  EXPECT_EQ(seen, "transition 7");
  router.dispatch(request("HEAD", "/api/questions/9"), a.respond());  // HEAD is answered as GET
  EXPECT_EQ(seen, "get 9");
}

TEST(Router, UnknownPathsAre404AndOtherMethods405WithAllow) {
  Router router(mapped);
  router.add("GET", "/api/shows", [](Request&, Respond done) { done(Response{}); });
  router.add("POST", "/api/shows", [](Request&, Respond done) { done(Response{}); });
  router.add("GET", "/api/questions/{id}", [](Request&, Respond done) { done(Response{}); });
  Answer a;
  router.dispatch(request("GET", "/api/nothing"), a.respond());
  ASSERT_TRUE(a.response);
  EXPECT_EQ(a.response->status, 404);
  EXPECT_EQ(a.code(), "not_found");

  router.dispatch(request("DELETE", "/api/shows"), a.respond());
  EXPECT_EQ(a.response->status, 405);
  EXPECT_EQ(a.code(), "method_not_allowed");
  std::string allow;
  for (const auto& [name, value] : a.response->headers)
    if (name == "Allow") allow = value;
  EXPECT_EQ(allow, "GET, POST");

  // A parameter never matches an empty segment, nor do extra segments match.
  router.dispatch(request("GET", "/api/questions/"), a.respond());
  EXPECT_EQ(a.response->status, 404);
  router.dispatch(request("GET", "/api/questions/1/extra"), a.respond());
  EXPECT_EQ(a.response->status, 404);
}

TEST(Router, WhatAHandlerThrowsIsAnsweredByTheApplicationsMapper) {
  Router router(mapped);
  router.add("GET", "/boom", [](Request&, Respond) { throw std::runtime_error("inside"); });
  Answer a;
  router.dispatch(request("GET", "/boom"), a.respond());
  ASSERT_TRUE(a.response);
  EXPECT_EQ(a.response->status, 418);
  EXPECT_EQ(a.code(), "mapped");
}

}  // namespace
}  // namespace votercast::web
