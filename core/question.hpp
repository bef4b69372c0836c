#pragma once
// A voter's question and its lifecycle (the transition table is the only
// authority on which state may follow which).
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/content_flags.hpp"

namespace votercast::core {

enum class QuestionState { pending, approved, rejected, merged, queued, on_air, aired, forwarded, answered };
enum class Channel { web, sms, callin, staff };

std::string_view to_string(QuestionState state);
std::optional<QuestionState> parse_question_state(std::string_view name);
std::string_view to_string(Channel channel);
std::optional<Channel> parse_channel(std::string_view name);

// pending -> approved | rejected | merged; approved -> queued -> on_air -> aired;
// approved | aired -> forwarded -> answered; on_air | aired -> answered (on air). Nothing else.
bool can_transition(QuestionState from, QuestionState to);
std::vector<QuestionState> next_states(QuestionState from);

struct Question {
  std::int64_t id = 0;
  std::string ticket;
  Channel channel = Channel::web;
  std::optional<std::int64_t> show_id;  // none while no show is open: it waits for the next one
  std::string sender_name;
  std::string phone;  // E.164 or empty
  std::string area;
  std::string topic;
  std::string agency;
  std::string original_text;  // as the voter sent it (normalized), never edited
  std::string on_air_text;    // the producers' edit for air
  QuestionState state = QuestionState::pending;
  std::int64_t version = 1;
  std::optional<std::int64_t> duplicate_of;
  std::int64_t duplicate_count = 0;
  std::optional<std::int64_t> similar_to;  // suggested merge target (same near-duplicate key)
  // The cluster it was grouped into when it arrived (cluster_index.hpp): the id of the
  // cluster's first question, its own when it asked something new.
  std::optional<std::int64_t> cluster_id;
  ContentFlags flags;
  std::string fold_key;
  std::string near_key;
  std::optional<std::int64_t> rundown_position;
  std::int64_t created_at_ms = 0;
  std::int64_t updated_at_ms = 0;
  std::string updated_by;
  // After the show (see follow_up.hpp).
  bool publish_name = false;  // the voter let the public archive show their name
  std::optional<std::int64_t> due_at_ms;  // set when forwarded: the agency answers by then
  std::string answer_text;
  std::optional<std::int64_t> answered_at_ms;
  std::string answered_by;      // the staff account that recorded the answer
  std::string answered_agency;  // the agency the answer came from (empty: from the studio)
  std::optional<std::int64_t> answered_on_air_at_ms;
};

}  // namespace votercast::core
