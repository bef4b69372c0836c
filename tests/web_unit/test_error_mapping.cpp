// What a failure looks like to the client: the domain's own codes, the request's own
// mistakes, and nothing of the server's insides.
#include <gtest/gtest.h>

#include <algorithm>

#include <nlohmann/json.hpp>

#include "core/errors.hpp"
#include "core/store/database.hpp"
#include "web/api/error_mapping.hpp"
#include "web/net/request_body.hpp"

namespace votercast::web {
namespace {

template <class E>
Response answer_to(E error) {
  return response_for(std::make_exception_ptr(std::move(error)));
}

nlohmann::json error_of(const Response& r) { return nlohmann::json::parse(r.body)["error"]; }

TEST(ErrorMapping, DomainErrorsAndBadRequestsKeepTheirCodes) {
  const auto conflict = answer_to(core::DomainError(core::ErrorKind::conflict, "version_conflict", "changed meanwhile", 7));
  EXPECT_EQ(conflict.status, 409);
  EXPECT_EQ(error_of(conflict)["code"], "version_conflict");
  EXPECT_EQ(error_of(conflict)["current_version"], 7);
  const auto bad = answer_to(BadRequest(415, "unsupported_media_type", "send JSON"));
  EXPECT_EQ(bad.status, 415);
  EXPECT_EQ(error_of(bad)["code"], "unsupported_media_type");
}

TEST(ErrorMapping, TheServersOwnFailuresSayNothingOfItsInsides) {
  const auto storage = answer_to(core::store::DatabaseError(5, "database is locked in /var/lib/votercast/v.db"));
  EXPECT_EQ(storage.status, 503);
  EXPECT_EQ(error_of(storage)["code"], "storage_busy");
  EXPECT_EQ(storage.body.find("/var/lib"), std::string::npos) << storage.body;
  const auto retry = std::find_if(storage.headers.begin(), storage.headers.end(),
                                  [](const auto& h) { return h.first == "Retry-After"; });
  ASSERT_NE(retry, storage.headers.end()) << "nothing was acknowledged: the client is told to try again";
  EXPECT_EQ(retry->second, "2");
  const auto full = answer_to(core::store::DatabaseError(13, "database or disk is full"));  // SQLITE_FULL
  EXPECT_EQ(full.status, 503);
  EXPECT_EQ(error_of(full)["code"], "storage_full");
  EXPECT_EQ(error_of(answer_to(core::store::DatabaseError(10, "disk I/O error")))["code"], "storage_error");

  const auto internal = answer_to(std::runtime_error("vector::_M_range_check: __n (which is 3)"));
  EXPECT_EQ(internal.status, 500);
  EXPECT_EQ(error_of(internal)["code"], "internal_error");
  EXPECT_EQ(internal.body.find("_M_range_check"), std::string::npos) << internal.body;

  // A JSON value of the wrong type inside the server is our fault, not the client's.
  try {
    (void)nlohmann::json("text").get<int>();
  } catch (...) {
    const auto r = response_for(std::current_exception());
    EXPECT_EQ(r.status, 500);
    EXPECT_EQ(error_of(r)["code"], "internal_error");
  }
}

TEST(ErrorMapping, TextThatIsNotUtf8IsTheClients) {
  try {
    (void)nlohmann::json("\xC3\x28 hỏi").dump();
    FAIL() << "dump() accepted invalid UTF-8";
  } catch (...) {
    const auto r = response_for(std::current_exception());
    EXPECT_EQ(r.status, 400);
    EXPECT_EQ(error_of(r)["code"], "invalid_json_text");
  }
}

}  // namespace
}  // namespace votercast::web
