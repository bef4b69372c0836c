#pragma once
// The JSON shapes of questions and shows: the full staff view and the voter's
// public ticket view (which never shows a name or a phone number). The text forms
// are the single source; the nlohmann forms parse them, for callers that add fields.
#include <string>

#include <nlohmann/json_fwd.hpp>

#include "core/question.hpp"
#include "core/show.hpp"

namespace votercast::core {

// What a voter is told about their question's state, in Vietnamese and English.
struct PublicStatus {
  const char* code;
  const char* label_vi;
  const char* label_en;
};
PublicStatus public_status(QuestionState state);
// The responsible agency is public once the question has been forwarded to it.
bool shows_agency(QuestionState state);

std::string staff_json_text(const Question& q);
std::string public_ticket_json_text(const Question& q);
// One answered question in the public archive: never a phone number, the name only
// if the voter allowed it (public_asker), the on-air text rather than the original.
std::string archive_json_text(const Question& q);
std::string show_json_text(const Show& show);

nlohmann::json staff_json(const Question& q);
nlohmann::json to_json(const Show& show);

}  // namespace votercast::core
