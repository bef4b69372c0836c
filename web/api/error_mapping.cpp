#include "web/api/error_mapping.hpp"

#include <nlohmann/json.hpp>

#include "core/errors.hpp"
#include "core/store/database.hpp"
#include "core/text.hpp"
#include "media/graphics/scene_json.hpp"
#include "web/net/request_body.hpp"

namespace votercast::web {

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
  } catch (const nlohmann::json::exception& e) {
    return error_response(400, "invalid_json_text", std::string("the request holds text that is not valid UTF-8: ") + e.what());
  } catch (const core::store::DatabaseError& e) {
    return error_response(503, "storage_error", std::string("Lỗi lưu trữ, vui lòng thử lại / storage error: ") + e.what());
  } catch (const std::exception& e) {
    return error_response(500, "internal_error", e.what());
  } catch (...) {
    return error_response(500, "internal_error", "unknown error");
  }
}

}  // namespace votercast::web
