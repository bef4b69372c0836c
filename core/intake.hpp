#pragma once
// From what a voter (or a gateway) sent to a question ready to store: normalized,
// validated, flagged and keyed. Throws DomainError(invalid_input) with a field code.
#include <cstdint>
#include <string>

#include "core/question.hpp"

namespace votercast::core {

struct Submission {
  Channel channel = Channel::web;
  std::string name;
  std::string phone;
  std::string area;
  std::string topic;
  std::string text;
  bool publish_name = false;  // the public archive may show the name with the answer
};

inline constexpr std::size_t kMaxNameChars = 100;
inline constexpr std::size_t kMaxAreaChars = 200;
inline constexpr std::size_t kMaxTopicChars = 100;

Question prepare_question(const Submission& submission, std::int64_t now_ms);

}  // namespace votercast::core
