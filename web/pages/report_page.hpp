#pragma once
// The show's report as a page: figures and bar charts drawn as inline SVG (no script,
// nothing fetched from elsewhere), printable for the council's records.
#include <string>

#include "core/show_report.hpp"

namespace votercast::web {

std::string report_page_html(const core::ShowReport& report);

}  // namespace votercast::web
