#pragma once
// The show's report, counted by SQL over the store in one read transaction.
#include <cstdint>
#include <optional>

#include "core/show_report.hpp"
#include "core/store/database.hpp"

namespace votercast::core::store {

// nullopt when there is no such show.
std::optional<ShowReport> build_show_report(Database& db, std::int64_t show_id, std::int64_t now_ms);

}  // namespace votercast::core::store
