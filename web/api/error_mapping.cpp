#include "web/api/error_mapping.hpp"

#include <iostream>

#include <nlohmann/json.hpp>
#include <sqlite3.h>

#include "core/errors.hpp"
#include "core/store/database.hpp"
#include "core/text.hpp"
#include "media/graphics/scene_json.hpp"
#include "web/net/request_body.hpp"

namespace votercast::web {
namespace {

void log_internal(std::string_view what, std::string_view detail) {
  std::cerr << "votercast: " << what << " answered to a request: " << detail << std::endl;
}

// The detail is for the log: a client learns that it was our fault, never what inside.
Response internal_error(std::string_view detail) {
  log_internal("internal error", detail);
  return error_response(500, "internal_error", "Lỗi máy chủ / internal server error");
}

}  // namespace

Response response_for(std::exception_ptr error) {
  try {
    std::rethrow_exception(error);
  } catch (const core::DomainError& e) {
    int status = 400;
    switch (e.kind) {
      case core::ErrorKind::invalid_input: status = 400; break;
      case core::ErrorKind::not_found: status = 404; break;
      case core::ErrorKind::conflict: status = 409; break;
      case core::ErrorKind::invalid_transition: status = 422; break;
      case core::ErrorKind::forbidden: status = 403; break;
      case core::ErrorKind::gone: status = 410; break;
    }
    auto response = error_response(status, e.code, e.what());
    if (e.current_version) {
      auto body = nlohmann::json::parse(response.body);
      body["error"]["current_version"] = *e.current_version;
      if (!e.current_state.empty()) body["error"]["current_state"] = e.current_state;
      if (!e.changed_by.empty()) body["error"]["changed_by"] = e.changed_by;
      response.body = body.dump();
    }
    return response;
  } catch (const BadRequest& e) {
    return error_response(e.status, e.code, e.what());
  } catch (const media::graphics::SceneError& e) {
    auto response = error_response(400, e.code, e.what());
    if (!e.field.empty()) {
      auto body = nlohmann::json::parse(response.body);
      body["error"]["field"] = e.field;
      response.body = body.dump();
    }
    return response;
  } catch (const core::text::TextError& e) {
    return error_response(400, "invalid_text", e.what());
  } catch (const nlohmann::json::type_error& e) {
    // 316: a string that is not UTF-8 could not be written out. Intake checks voter text
    // first, so this is the client's bytes reaching a reply; any other is our own fault.
    if (e.id == 316)
      return error_response(400, "invalid_json_text", "Văn bản không phải UTF-8 hợp lệ / the request holds text that is not valid UTF-8");
    return internal_error(e.what());
  } catch (const core::store::DatabaseError& e) {
    // The file is busy or full: worth a retry, but what SQLite said stays in the log.
    log_internal("storage error", e.what());
    const int primary = e.code & 0xff;  // extended result codes are on
    auto response =
        primary == SQLITE_BUSY || primary == SQLITE_LOCKED
            ? error_response(503, "storage_busy",
                             "Kho dữ liệu đang bận, vui lòng thử lại / the database is held by another process, "
                             "please try again")
        : primary == SQLITE_FULL
            ? error_response(503, "storage_full",
                             "Ổ đĩa máy chủ đã đầy, vui lòng thử lại sau / the server's disk is full, please try again later")
            : error_response(503, "storage_error", "Lỗi lưu trữ, vui lòng thử lại / storage error, please try again");
    // Gateways and the voter page retry; nothing was acknowledged, so nothing is lost.
    response.headers.emplace_back("Retry-After", "2");
    return response;
  } catch (const std::exception& e) {
    return internal_error(e.what());
  } catch (...) {
    return internal_error("an exception that is not a std::exception");
  }
}

}  // namespace votercast::web
