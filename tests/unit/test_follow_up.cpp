// After the show: due dates in the province's calendar, answers and their checks,
// the desk's answer / answered-on-air, and the store's agency and archive lists.
#include <gtest/gtest.h>

#include <future>

#include "core/clock.hpp"
#include "core/errors.hpp"
#include "core/follow_up.hpp"
#include "core/intake.hpp"
#include "core/desk/question_desk.hpp"
#include "core/store/archive_search.hpp"
#include "core/store/question_table.hpp"
#include "core/store/user_table.hpp"
#include "core/users.hpp"
#include "core/vietnam_time.hpp"
#include "desk_replies.hpp"
#include "temp_db.hpp"

using namespace votercast::core;
using namespace votercast::core::store;
using namespace std::chrono;
using S = QuestionState;

namespace {

// 2026-11-27 12:00:00 UTC = 19:00 in Vietnam.
constexpr std::int64_t kNoonUtc = 1795780800000;
constexpr std::int64_t kHourMs = 3600 * 1000;
constexpr std::int64_t kDayMs = 24 * kHourMs;

}  // namespace

TEST(VietnamTime, TheProvinceIsSevenHoursAheadAllYear) {
  ASSERT_EQ(iso8601_utc(kNoonUtc), "2026-11-27T12:00:00.000Z");
  EXPECT_EQ(vietnam_clock_text(kNoonUtc), "19:00");
  EXPECT_EQ(vietnam_date_text(kNoonUtc), "27/11/2026");
  EXPECT_EQ(vietnam_moment_text(kNoonUtc + 5 * kHourMs + 30 * 60000), "00:30 ngày 28/11/2026")
      << "17:30 UTC is already tomorrow in Vietnam";
  EXPECT_EQ(iso_date_text(vietnam_date_of(kNoonUtc + 5 * kHourMs)), "2026-11-28");
  EXPECT_EQ(iso_date_text(vietnam_date_of(kNoonUtc + 5 * kHourMs - 1)), "2026-11-27");
  // Midsummer: no daylight saving.
  EXPECT_EQ(vietnam_clock_text(kNoonUtc - 150 * kDayMs), "19:00");
}

TEST(VietnamTime, DatesAreReadStrictly) {
  EXPECT_EQ(parse_iso_date("2026-12-15"), year_month_day(year{2026}, month{12}, day{15}));
  EXPECT_EQ(parse_iso_date("2028-02-29"), year_month_day(year{2028}, month{2}, day{29}));
  for (const char* bad : {"2026-02-29", "2026-13-01", "2026-00-10", "2026-1-5", "15/12/2026", "2026-12-15T00:00",
                          "", "2026-12-1x", " 2026-12-15"})
    EXPECT_FALSE(parse_iso_date(bad)) << bad;
}

TEST(VietnamTime, TheLastMillisecondOfALocalDay) {
  const auto end = end_of_vietnam_day_ms(year_month_day(year{2026}, month{11}, day{27}));
  EXPECT_EQ(iso8601_utc(end), "2026-11-27T16:59:59.999Z");
  EXPECT_EQ(vietnam_date_text(end), "27/11/2026");
  EXPECT_EQ(vietnam_date_text(end + 1), "28/11/2026");
}

TEST(VietnamTime, IsoTimesWithAZoneOrInVietnamTime) {
  EXPECT_EQ(parse_iso_time("2026-11-27T12:00:00Z"), kNoonUtc);
  EXPECT_EQ(parse_iso_time("2026-11-27T12:00:00.250Z"), kNoonUtc + 250);
  EXPECT_EQ(parse_iso_time("2026-11-27T19:00:00+07:00"), kNoonUtc);
  EXPECT_EQ(parse_iso_time("2026-11-27T19:00"), kNoonUtc) << "no zone: the studio's clock";
  EXPECT_EQ(parse_iso_time("2026-11-27T07:00:00-05:00"), kNoonUtc);
  EXPECT_EQ(parse_iso_time(iso8601_utc(kNoonUtc + 123)), kNoonUtc + 123) << "our own format reads back";
  for (const char* bad : {"2026-11-27", "2026-11-27 19:00", "2026-11-27T24:00", "2026-11-27T19:60", "2026-11-27T19:00Q",
                          "2026-11-27T19:00:00+7", "2026-02-30T10:00Z", "hôm qua"})
    EXPECT_FALSE(parse_iso_time(bad)) << bad;
}

TEST(DueDate, DefaultsToTheEndOfTheDayThatManyDaysAhead) {
  const auto due = due_at_for(std::nullopt, 14, kNoonUtc);
  EXPECT_EQ(iso_date_text(vietnam_date_of(due)), "2026-12-11");
  EXPECT_EQ(vietnam_clock_text(due), "23:59");
  // Late in the evening in Vietnam (after 17:00 UTC) "today" is already the next day.
  EXPECT_EQ(iso_date_text(vietnam_date_of(due_at_for(std::nullopt, 14, kNoonUtc + 6 * kHourMs))), "2026-12-12");
  EXPECT_EQ(iso_date_text(vietnam_date_of(due_at_for(std::nullopt, 0, kNoonUtc))), "2026-11-27");
}

TEST(DueDate, AGivenDateIsTheLocalDateAndMayBeToday) {
  EXPECT_EQ(iso8601_utc(due_at_for("2026-12-15", 14, kNoonUtc)), "2026-12-15T16:59:59.999Z");
  EXPECT_EQ(iso_date_text(vietnam_date_of(due_at_for("2026-11-27", 14, kNoonUtc))), "2026-11-27");
}

TEST(DueDate, BadOrPastDatesAreRefused) {
  EXPECT_EQ(code_of([] { due_at_for("2026-11-26", 14, kNoonUtc); }), "due_date_in_past");
  // 18:00 UTC on the 27th is the 28th in Vietnam: the 27th is past there.
  EXPECT_EQ(code_of([] { due_at_for("2026-11-27", 14, kNoonUtc + 6 * kHourMs); }), "due_date_in_past");
  EXPECT_EQ(code_of([] { due_at_for("27/12/2026", 14, kNoonUtc); }), "bad_due_date");
  EXPECT_EQ(code_of([] { due_at_for("2026-02-30", 14, kNoonUtc); }), "bad_due_date");
  EXPECT_EQ(code_of([] { due_at_for("", 14, kNoonUtc); }), "bad_due_date");
  EXPECT_EQ(code_of([] { due_at_for("2036-01-01", 14, kNoonUtc); }), "due_date_too_far");
}

TEST(AnswerText, IsNormalizedAndBounded) {
  EXPECT_EQ(clean_answer_text("  Sở GTVT  trả lời:\r\n\r\n\r\nsẽ sửa   đường. "), "Sở GTVT trả lời:\n\nsẽ sửa đường.");
  const std::string decomposed = "Đu\xCC\x9B\xC6\xA1\xCC\x80ng";  // "Đường" with combining marks
  EXPECT_EQ(clean_answer_text(decomposed), "Đường") << "stored in NFC";
  EXPECT_EQ(code_of([] { clean_answer_text("   \n "); }), "answer_required");
  EXPECT_EQ(code_of([] { clean_answer_text("\xC3\x28"); }), "invalid_utf8");
  std::string longest;
  for (std::size_t i = 0; i < kMaxAnswerChars; ++i) longest += "đ";
  EXPECT_EQ(clean_answer_text(longest), longest) << "5,000 characters (not bytes) fit";
  EXPECT_EQ(code_of([&] { clean_answer_text(longest + "a"); }), "answer_too_long");
  EXPECT_EQ(clean_on_air_answer_text(""), "") << "an on-air answer needs no text";
}

TEST(AnswerText, OnAirTimeIsNotInTheFutureNorBeforeTheQuestion) {
  Question q;
  q.created_at_ms = kNoonUtc - kHourMs;
  EXPECT_EQ(on_air_answer_time(std::nullopt, q, kNoonUtc), kNoonUtc);
  EXPECT_EQ(on_air_answer_time(kNoonUtc - 60000, q, kNoonUtc), kNoonUtc - 60000);
  EXPECT_EQ(on_air_answer_time(kNoonUtc + 60000, q, kNoonUtc), kNoonUtc + 60000) << "a studio clock a minute ahead";
  EXPECT_EQ(code_of([&] { on_air_answer_time(kNoonUtc + kHourMs, q, kNoonUtc); }), "answered_at_in_future");
  EXPECT_EQ(code_of([&] { on_air_answer_time(kNoonUtc - 2 * kHourMs, q, kNoonUtc); }), "answered_at_before_question");
}

TEST(PublicArchive, NamesTheVoterOnlyWithTheirConsent) {
  Question q;
  q.sender_name = "Nguyễn Thị Mai";
  q.phone = "+84912345678";
  q.area = "Phường Hòa Phú";
  EXPECT_EQ(public_asker(q), "Cử tri ở Phường Hòa Phú");
  q.publish_name = true;
  EXPECT_EQ(public_asker(q), "Nguyễn Thị Mai");
  q.sender_name.clear();
  EXPECT_EQ(public_asker(q), "Cử tri ở Phường Hòa Phú") << "an anonymous voter who ticked the box";
  q.area.clear();
  EXPECT_EQ(public_asker(q), "Một cử tri");
}

TEST(PublicArchive, SearchKeyHoldsTheQuestionAndTheAnswerApart) {
  Question q;
  q.original_text = "Đồ ngu, khi nào sửa Đường ĐT743?";
  q.on_air_text = "Khi nào sửa Đường ĐT743?";
  q.answer_text = "Sở GTVT: quý I năm 2027.";
  const auto key = archive_search_key(q);
  EXPECT_EQ(key, "khi nao sua duong dt743 | so gtvt quy i nam 2027");
  EXPECT_EQ(key.find("ngu"), std::string::npos) << "the archive shows and searches the text edited for air";
}

TEST(AgencyAccounts, BelongToExactlyOneAgency) {
  EXPECT_EQ(agency_assignment_problem(Role::agency, "Sở Y tế"), "");
  EXPECT_NE(agency_assignment_problem(Role::agency, ""), "");
  EXPECT_NE(agency_assignment_problem(Role::producer, "Sở Y tế"), "");
  EXPECT_EQ(agency_assignment_problem(Role::producer, ""), "");
  EXPECT_TRUE(role_may(Role::agency, Permission::answer));
  EXPECT_FALSE(role_may(Role::agency, Permission::answer_on_air));
  EXPECT_FALSE(role_may(Role::agency, Permission::view_queue));
  EXPECT_TRUE(role_may(Role::producer, Permission::answer_on_air));
  EXPECT_FALSE(role_may(Role::moderator, Permission::answer_on_air));
  EXPECT_FALSE(role_may(Role::operator_, Permission::answer_on_air));
}

namespace {

struct FollowUpDesk : ::testing::Test {
  TempDb tmp;
  GroupCommitWriter writer{tmp.path, Durability::normal};
  TicketCipher tickets{TicketCipher::random_key()};
  QuestionDesk desk{writer, tickets};

  Question submit(const std::string& text, const std::string& area = "Phường Hòa Phú", bool publish_name = false) {
    Submission s;
    s.text = text;
    s.name = "Nguyễn Thị Mai";
    s.area = area;
    s.topic = "giao thông";
    s.publish_name = publish_name;
    return await<Question>([&](auto r) { desk.submit(prepare_question(s, now_ms()), "voter", r); });
  }
  Question move(const Question& q, S to, const std::string& agency = "", std::optional<std::int64_t> due = {}) {
    TransitionRequest r;
    r.id = q.id;
    r.to = to;
    r.version = q.version;
    r.actor = "sanxuat";
    if (!agency.empty()) r.agency = agency;
    r.due_at_ms = due;
    return await<Question>([&](auto reply) { desk.transition(r, reply); });
  }
  Question forwarded(const std::string& text, const std::string& agency, std::optional<std::int64_t> due = {}) {
    return move(move(submit(text), S::approved), S::forwarded, agency, due);
  }
  Question aired(const std::string& text) {
    if (!open_show) open_show = await<Show>([&](auto r) { desk.open_show("Số 12", "sanxuat", r); });
    return move(move(move(move(submit(text), S::approved), S::queued), S::on_air), S::aired);
  }
  Question answer(const Question& q, const std::string& text, std::optional<std::string> agency = {}) {
    AnswerRequest r;
    r.id = q.id;
    r.version = q.version;
    r.actor = agency ? "sogtvt" : "sanxuat";
    r.agency = agency;
    r.text = text;
    return await<Question>([&](auto reply) { desk.answer(r, reply); });
  }
  Question answer_on_air(const Question& q, std::optional<std::int64_t> at = {}, const std::string& text = "") {
    OnAirAnswerRequest r;
    r.id = q.id;
    r.version = q.version;
    r.actor = "sanxuat";
    r.at_ms = at;
    r.text = text;
    return await<Question>([&](auto reply) { desk.answer_on_air(r, reply); });
  }
  std::optional<Show> open_show;
};

}  // namespace

TEST_F(FollowUpDesk, ForwardingKeepsTheDueDate) {
  const auto due = now_ms() + 3 * kDayMs;
  const auto q = forwarded("Khi nào sửa đường ĐT743?", "Sở Giao thông Vận tải", due);
  EXPECT_EQ(q.due_at_ms, due);
  Database db(tmp.path, Database::Mode::read_only);
  EXPECT_EQ(load_question(db, q.id)->due_at_ms, due);
}

TEST_F(FollowUpDesk, AnAgencyAnswersItsOwnForwardedQuestionsOnly) {
  const auto q = forwarded("Khi nào sửa đường ĐT743?", "Sở Giao thông Vận tải");
  EXPECT_EQ(code_of([&] { answer(q, "Không phải việc của chúng tôi", "Sở Y tế"); }), "other_agency");
  EXPECT_EQ(code_of([&] { answer(q, "   ", "Sở Giao thông Vận tải"); }), "answer_required");
  auto stale = q;
  stale.version -= 1;
  EXPECT_EQ(code_of([&] { answer(stale, "Sẽ sửa.", "Sở Giao thông Vận tải"); }), "version_conflict");

  const auto before = now_ms();
  const auto a = answer(q, "Sở sẽ sửa đường ĐT743 trong quý I năm 2027.", "Sở Giao thông Vận tải");
  EXPECT_EQ(a.state, S::answered);
  EXPECT_EQ(a.answer_text, "Sở sẽ sửa đường ĐT743 trong quý I năm 2027.");
  EXPECT_EQ(a.answered_by, "sogtvt");
  EXPECT_EQ(a.answered_agency, "Sở Giao thông Vận tải");
  ASSERT_TRUE(a.answered_at_ms);
  EXPECT_GE(*a.answered_at_ms, before);
  EXPECT_FALSE(a.answered_on_air_at_ms);
  EXPECT_EQ(code_of([&] { answer(a, "Lần nữa", "Sở Giao thông Vận tải"); }), "not_forwarded");
}

TEST_F(FollowUpDesk, TheProducerAnswersForAnyAgencyButOnlyForwardedQuestions) {
  const auto pending = submit("Trường học quá tải");
  EXPECT_EQ(code_of([&] { answer(pending, "Đã trả lời"); }), "not_forwarded");
  const auto a = answer(forwarded("Trường học quá tải", "Sở Giáo dục và Đào tạo"), "Sẽ xây thêm trường.");
  EXPECT_EQ(a.answered_agency, "Sở Giáo dục và Đào tạo") << "the answer is the agency's, recorded by the producer";
  EXPECT_EQ(a.answered_by, "sanxuat");
}

TEST_F(FollowUpDesk, AnsweredOnAirFromAiredOrOnAirOnly) {
  auto q = aired("Khi nào có nước sạch?");
  const auto at = q.created_at_ms + 1;
  const auto a = answer_on_air(q, at, "Phó Chủ tịch UBND tỉnh trả lời trực tiếp.");
  EXPECT_EQ(a.state, S::answered);
  EXPECT_EQ(a.answered_on_air_at_ms, at);
  EXPECT_EQ(a.answered_at_ms, at);
  EXPECT_EQ(a.answer_text, "Phó Chủ tịch UBND tỉnh trả lời trực tiếp.");
  EXPECT_EQ(a.answered_agency, "");

  auto live = move(move(move(submit("Đèn đường hỏng"), S::approved), S::queued), S::on_air);
  EXPECT_EQ(answer_on_air(live).state, S::answered) << "answered while still on air";

  const auto forwarded_one = forwarded("Ô nhiễm khói bụi", "Sở Tài nguyên và Môi trường");
  EXPECT_EQ(code_of([&] { answer_on_air(forwarded_one); }), "not_aired");
  auto another = aired("Chợ tạm lấn chiếm lòng đường");
  EXPECT_EQ(code_of([&] { answer_on_air(another, now_ms() + 3600000); }), "answered_at_in_future");
}

TEST_F(FollowUpDesk, AgenciesListTheirQuestionsUrgentFirst) {
  const auto now = now_ms();
  const auto later = forwarded("Câu A", "Sở Giao thông Vận tải", now + 5 * kDayMs);
  const auto overdue = forwarded("Câu B", "Sở Giao thông Vận tải", now - kDayMs);
  const auto other = forwarded("Câu C", "Sở Y tế", now + kDayMs);
  const auto answered = answer(forwarded("Câu D", "Sở Giao thông Vận tải", now + kDayMs), "Đã xử lý.");

  Database db(tmp.path, Database::Mode::read_only);
  FollowUpFilter f;
  f.agency = "Sở Giao thông Vận tải";
  f.now_ms = now;
  auto page = list_follow_up(db, f);
  ASSERT_EQ(page.questions.size(), 2u);
  EXPECT_EQ(page.total, 2);
  EXPECT_EQ(page.questions[0].id, overdue.id) << "the most urgent first";
  EXPECT_EQ(page.questions[1].id, later.id);
  EXPECT_TRUE(is_overdue(page.questions[0], now));
  EXPECT_FALSE(is_overdue(page.questions[1], now));

  f.overdue_only = true;
  page = list_follow_up(db, f);
  ASSERT_EQ(page.questions.size(), 1u);
  EXPECT_EQ(page.questions[0].id, overdue.id);

  f.overdue_only = false;
  f.state = S::answered;
  page = list_follow_up(db, f);
  ASSERT_EQ(page.questions.size(), 1u);
  EXPECT_EQ(page.questions[0].id, answered.id);

  FollowUpFilter all;
  all.now_ms = now;
  EXPECT_EQ(list_follow_up(db, all).total, 3) << "without an agency: every forwarded question";
  all.agency = "Sở Y tế";
  EXPECT_EQ(list_follow_up(db, all).questions.at(0).id, other.id);
}

TEST_F(FollowUpDesk, TheArchiveFindsAnsweredQuestionsWithoutDiacritics) {
  const auto road = answer(forwarded("Khi nào sửa Đường ĐT743?", "Sở Giao thông Vận tải"), "Quý I năm 2027 sẽ thảm nhựa.");
  const auto school = answer(forwarded("Trường học quá tải", "Sở Giáo dục và Đào tạo"), "Xây thêm 12 phòng học.");
  forwarded("Đường ĐT743 ngập nước", "Sở Giao thông Vận tải");  // not answered: not in the archive

  Database db(tmp.path, Database::Mode::read_only);
  auto search = [&](std::vector<std::string> words, std::optional<std::string> topic = {}) {
    ArchiveFilter f;
    f.folded_words = std::move(words);
    f.topic = std::move(topic);
    std::vector<std::int64_t> ids;
    for (const auto& q : list_archive(db, f).questions) ids.push_back(q.id);
    return ids;
  };
  EXPECT_EQ(search({}), (std::vector<std::int64_t>{school.id, road.id})) << "newest answer first";
  EXPECT_EQ(search({"duong", "dt743"}), std::vector<std::int64_t>{road.id});
  EXPECT_EQ(search({"dt743", "duong"}), std::vector<std::int64_t>{road.id}) << "word order does not matter";
  EXPECT_EQ(search({"duo", "dt7"}), std::vector<std::int64_t>{road.id}) << "the start of a word is enough";
  EXPECT_EQ(search({"tham", "nhua"}), std::vector<std::int64_t>{road.id}) << "the answer is searched too";
  EXPECT_EQ(search({"phong", "hoc"}), std::vector<std::int64_t>{school.id});
  EXPECT_EQ(search({"i"}), std::vector<std::int64_t>{road.id}) << "one letter: a whole word (quý I)";
  EXPECT_TRUE(search({"duong", "hoc"}).empty()) << "every word must match";
  EXPECT_TRUE(search({"2027", "xay"}).empty());
  EXPECT_EQ(search({"743"}), std::vector<std::int64_t>{road.id}) << "a number is found inside a word (ĐT743)";
  EXPECT_EQ(search({"02"}), std::vector<std::int64_t>{}) << "a short number starts a word: 2027 is not 02";
  EXPECT_EQ(search({"12"}), std::vector<std::int64_t>{school.id});
  EXPECT_TRUE(search({"uong"}).empty()) << "letters start a word: 'uong' is not 'duong'";
  EXPECT_TRUE(search({"\" OR \"duong"}).empty()) << "a word is never query syntax";
  EXPECT_TRUE(search({"%"}).empty()) << "nor a wildcard";
  EXPECT_TRUE(search({"*"}).empty());
  EXPECT_EQ(search({}, "giao thông").size(), 2u);
  EXPECT_TRUE(search({}, "y tế").empty());

  ArchiveFilter paged;
  paged.limit = 1;
  paged.offset = 1;
  const auto second = list_archive(db, paged);
  EXPECT_EQ(second.total, 2);
  ASSERT_EQ(second.questions.size(), 1u);
  EXPECT_EQ(second.questions[0].id, road.id);
}

TEST_F(FollowUpDesk, EditsAfterTheAnswerKeepTheArchiveSearchCurrent) {
  auto a = answer(forwarded("Khi nào sửa đường ĐT743?", "Sở Giao thông Vận tải"), "Sẽ sửa.");
  Database db(tmp.path, Database::Mode::read_only);
  auto found = [&](const std::string& word) {
    ArchiveFilter f;
    f.folded_words = {word};
    return list_archive(db, f).total;
  };
  EXPECT_EQ(found("dt743"), 1);
  EditRequest edit;
  edit.id = a.id;
  edit.version = a.version;
  edit.actor = "bientap";
  edit.on_air_text = "Khi nào sửa đường ĐT744?";
  a = await<Question>([&](auto reply) { desk.edit(edit, reply); });
  EXPECT_EQ(found("dt744"), 1);
  EXPECT_EQ(found("dt743"), 0) << "the archive shows the edited text, so it searches that";
}

TEST(PublicArchive, SearchWordsBecomeQuotedTrigramPhrases) {
  EXPECT_EQ(archive_match({"duong", "dt743", "743", "12", "i"}),
            R"(" duong" AND "dt743" AND "743" AND " 12" AND " i ")");
  EXPECT_EQ(archive_match({"a\"b", "%"}), R"(" a""b" AND " % ")");
  EXPECT_EQ(archive_match({}), "");
  EXPECT_EQ(archive_match({"a", "", "b", "c", "d", "e", "f", "g"}), R"(" a " AND " b " AND " c " AND " d " AND " e " AND " f ")")
      << "at most kMaxArchiveWords words";
}

TEST_F(FollowUpDesk, PublishNameIsStored) {
  const auto q = submit("Xin công khai tên tôi", "Phường Hòa Phú", /*publish_name=*/true);
  Database db(tmp.path, Database::Mode::read_only);
  EXPECT_TRUE(load_question(db, q.id)->publish_name);
  EXPECT_FALSE(load_question(db, submit("Ẩn danh").id)->publish_name);
}

TEST_F(FollowUpDesk, AgencyAccountsKeepTheirAgency) {
  writer.run([](WriteContext& ctx) {
    User u;
    u.name = "sogtvt";
    u.role = Role::agency;
    u.password_hash = "x";
    u.agency = "Sở Giao thông Vận tải";
    insert_user(ctx.db(), u, ctx.now_ms());
  });
  Database db(tmp.path, Database::Mode::read_only);
  EXPECT_EQ(find_user(db, "sogtvt")->agency, "Sở Giao thông Vận tải");
}
