#pragma once
// CSV as spreadsheets read it (RFC 4180), safe to open: voter text that starts like a
// formula (= + - @, tab, CR) is prefixed with ' so that no spreadsheet runs it.
#include <string>
#include <string_view>
#include <vector>

namespace votercast::core {

std::string csv_field(std::string_view text);
// The fields joined with commas, ended with CRLF.
std::string csv_row(const std::vector<std::string>& fields);

}  // namespace votercast::core
