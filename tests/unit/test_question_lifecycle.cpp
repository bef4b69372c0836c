#include <gtest/gtest.h>

#include <set>
#include <utility>

#include "core/question.hpp"

using namespace votercast::core;
using S = QuestionState;

TEST(QuestionLifecycle, AllowsExactlyTheDocumentedTransitions) {
  const std::set<std::pair<S, S>> allowed{
      {S::pending, S::approved}, {S::pending, S::rejected}, {S::pending, S::merged},
      {S::approved, S::queued},  {S::queued, S::on_air},    {S::on_air, S::aired},
      {S::approved, S::forwarded}, {S::aired, S::forwarded}, {S::forwarded, S::answered},
      {S::on_air, S::answered},    {S::aired, S::answered},  // answered in the studio
  };
  const S all[] = {S::pending, S::approved, S::rejected, S::merged, S::queued,
                   S::on_air,  S::aired,    S::forwarded, S::answered};
  int checked = 0;
  for (auto from : all)
    for (auto to : all) {
      EXPECT_EQ(can_transition(from, to), allowed.contains({from, to}))
          << to_string(from) << " -> " << to_string(to);
      ++checked;
    }
  EXPECT_EQ(checked, 81);
}

TEST(QuestionLifecycle, TerminalStatesHaveNoNextState) {
  EXPECT_TRUE(next_states(S::rejected).empty());
  EXPECT_TRUE(next_states(S::merged).empty());
  EXPECT_TRUE(next_states(S::answered).empty());
  EXPECT_EQ(next_states(S::pending).size(), 3u);
}

TEST(QuestionLifecycle, AQuestionOnAirOrAiredCanBeAnsweredInTheStudio) {
  EXPECT_TRUE(can_transition(S::aired, S::answered));
  EXPECT_TRUE(can_transition(S::on_air, S::answered));
  EXPECT_FALSE(can_transition(S::queued, S::answered)) << "not before it went on air";
  EXPECT_FALSE(can_transition(S::approved, S::answered)) << "an agency answers only what was forwarded to it";
  EXPECT_EQ(next_states(S::aired), (std::vector<S>{S::forwarded, S::answered}));
  EXPECT_EQ(next_states(S::on_air), (std::vector<S>{S::aired, S::answered}));
}

TEST(QuestionLifecycle, NamesRoundTrip) {
  for (auto s : {S::pending, S::approved, S::rejected, S::merged, S::queued, S::on_air, S::aired, S::forwarded,
                 S::answered})
    EXPECT_EQ(parse_question_state(to_string(s)), s);
  EXPECT_FALSE(parse_question_state("deleted"));
  EXPECT_FALSE(parse_question_state(""));
  EXPECT_EQ(parse_channel("sms"), Channel::sms);
  EXPECT_FALSE(parse_channel("fax"));
}
