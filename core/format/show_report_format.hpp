#pragma once
// The show's report as JSON (for tools) and as CSV (for the council's spreadsheets).
#include <string>

#include <nlohmann/json_fwd.hpp>

#include "core/show_report.hpp"

namespace votercast::core {

nlohmann::json report_json(const ShowReport& report);
// section,item,value rows: "questions,received,412", "topic,giao thông,95", "poll 3: …,A Hài lòng,120".
std::string report_csv(const ShowReport& report);

}  // namespace votercast::core
