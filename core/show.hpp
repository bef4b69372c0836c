#pragma once
// One episode of the programme: questions, the rundown and what goes on air belong to it.
#include <cstdint>
#include <optional>
#include <string>

namespace votercast::core {

struct Show {
  std::int64_t id = 0;
  std::string title;
  std::int64_t opened_at_ms = 0;
  std::string opened_by;
  std::optional<std::int64_t> closed_at_ms;
  std::int64_t rundown_version = 1;  // bumped by every rundown change: reorders check it
};

}  // namespace votercast::core
