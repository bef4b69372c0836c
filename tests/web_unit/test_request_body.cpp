#include <gtest/gtest.h>

#include "web/net/request_body.hpp"

namespace votercast::web {
namespace {

Request with_body(std::string content_type, std::string body) {
  Request r;
  r.method = "POST";
  if (!content_type.empty()) r.headers.emplace_back("content-type", std::move(content_type));
  r.body = std::move(body);
  return r;
}

template <class F>
std::pair<int, std::string> bad_request(F&& f) {
  try {
    f();
  } catch (const BadRequest& e) {
    return {e.status, e.code};
  }
  return {0, "no BadRequest"};
}

TEST(RequestBody, JsonObjectsAndEachWayABodyCanBeWrong) {
  const auto o = read_object(with_body("application/json; charset=utf-8", R"({"text":"Đường ĐT743","n":3})"));
  EXPECT_EQ(o["text"], "Đường ĐT743");
  EXPECT_EQ(read_object(with_body("", R"({"a":1})"))["a"], 1);  // no type: JSON is assumed
  EXPECT_EQ(bad_request([] { read_object(with_body("application/json", "")); }), std::pair(400, std::string("empty_body")));
  EXPECT_EQ(bad_request([] { read_object(with_body("application/json", "{\"a\":")); }),
            std::pair(400, std::string("malformed_json")));
  EXPECT_EQ(bad_request([] { read_object(with_body("application/json", "[1,2]")); }),
            std::pair(400, std::string("expected_object")));
  EXPECT_EQ(bad_request([] { read_object(with_body("text/plain", "hi")); }),
            std::pair(415, std::string("unsupported_media_type")));
}

TEST(RequestBody, JsonNestedDeeperThanAnyRouteReadsIsRefusedUnparsed) {
  const auto nested = [](std::size_t depth) {
    return "{\"a\":" + std::string(depth - 1, '[') + std::string(depth - 1, ']') + "}";
  };
  EXPECT_NO_THROW(read_object(with_body("application/json", nested(kMaxJsonDepth))));
  EXPECT_EQ(bad_request([&] { read_object(with_body("application/json", nested(kMaxJsonDepth + 1))); }),
            std::pair(400, std::string("too_deep")));
  // A 64 KiB body's worth, even unclosed; brackets inside strings do not count.
  EXPECT_EQ(bad_request([] { read_object(with_body("application/json", std::string(65536, '['))); }),
            std::pair(400, std::string("too_deep")));
  const std::string brackets = std::string(100, '[') + "\\\"" + std::string(100, '{');  // [[…\"{{…
  EXPECT_EQ(read_object(with_body("application/json", "{\"text\":\"" + brackets + "\"}"))["text"],
            std::string(100, '[') + "\"" + std::string(100, '{'));
}

TEST(RequestBody, FormsDecodeInOrderWithPlusAsSpace) {
  const auto fields = form_fields("name=Nguy%E1%BB%85n+V%C4%83n+A&&flag&text=a%2Bb%26c=d");
  ASSERT_EQ(fields.size(), 3u);
  EXPECT_EQ(fields[0], std::pair(std::string("name"), std::string("Nguyễn Văn A")));
  EXPECT_EQ(fields[1], std::pair(std::string("flag"), std::string()));
  EXPECT_EQ(fields[2], std::pair(std::string("text"), std::string("a+b&c=d")));
  // Raw UTF-8 and stray punctuation from scripts are taken as meant.
  EXPECT_EQ(form_fields("text=c\xC3\xA2u h\xE1\xBB\x8Fi|[x]").at(0).second, "câu hỏi|[x]");
  for (const char* bad : {"a=%", "a=%4", "a=%zz", "%G1=x"})
    EXPECT_EQ(bad_request([&] { form_fields(bad); }), std::pair(400, std::string("bad_form_encoding"))) << bad;

  const auto o = read_object(with_body("application/x-www-form-urlencoded", "text=c%C3%A2u+h%E1%BB%8Fi&publish=on"));
  EXPECT_EQ(o["text"], "câu hỏi");
  EXPECT_EQ(optional_bool(o, "publish"), true);
}

TEST(RequestBody, TypedFieldsSayWhichFieldIsWrong) {
  const nlohmann::json body = {{"s", "x"}, {"i", 5}, {"is", "12"}, {"bad", "12a"}, {"b", false}, {"nul", nullptr}};
  EXPECT_EQ(required_string(body, "s"), "x");
  EXPECT_EQ(optional_string(body, "nul"), std::nullopt);
  EXPECT_EQ(bad_request([&] { required_string(body, "missing"); }), std::pair(400, std::string("missing_field")));
  EXPECT_EQ(bad_request([&] { optional_string(body, "i"); }), std::pair(400, std::string("wrong_type")));
  EXPECT_EQ(required_int(body, "i"), 5);
  EXPECT_EQ(required_int(body, "is"), 12);  // forms carry numbers as text
  EXPECT_EQ(bad_request([&] { optional_int(body, "bad"); }), std::pair(400, std::string("wrong_type")));
  EXPECT_EQ(optional_bool(body, "b"), false);
  EXPECT_EQ(optional_bool({{"c", ""}}, "c"), false);  // an unticked box
  EXPECT_EQ(bad_request([&] { optional_bool({{"c", "maybe"}}, "c"); }), std::pair(400, std::string("wrong_type")));
}

TEST(RequestBody, IdsArePositiveIntegersOnly) {
  EXPECT_EQ(id_param("42", "id"), 42);
  for (const char* bad : {"0", "-1", "1x", "", " 1", "99999999999999999999"})
    EXPECT_EQ(bad_request([&] { id_param(bad, "id"); }), std::pair(400, std::string("bad_id"))) << bad;
}

}  // namespace
}  // namespace votercast::web
