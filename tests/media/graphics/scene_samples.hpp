#pragma once
// Scenes built from the realistic Vietnamese inputs in ../shared/data.
#include <fstream>
#include <stdexcept>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "media/graphics/scene.hpp"

namespace votercast::media::graphics::test_support {

// One JSON object a line (no GoogleTest here: the benchmark uses these scenes too).
inline std::vector<nlohmann::json> shared_rows(const std::string& name) {
  std::ifstream in(std::string(VOTERCAST_SHARED_DATA) + "/" + name);
  if (!in) throw std::runtime_error("cannot open shared data " + name);
  std::vector<nlohmann::json> rows;
  for (std::string line; std::getline(in, line);)
    if (!line.empty()) rows.push_back(nlohmann::json::parse(line));
  return rows;
}

// Every layer visible, as on air during the programme.
inline Scene full_scene() {
  auto rows = shared_rows("questions.vi.jsonl");
  Scene scene;
  const auto& q = rows.at(0);
  scene.question_card.visible = true;
  scene.question_card.content = {q.value("name", ""), q.value("area", ""), q.value("topic", ""),
                                 q.value("text", "")};
  scene.lower_third.visible = true;
  scene.lower_third.content = {rows.at(1).value("name", ""), rows.at(1).value("area", ""), "môi trường"};
  scene.ticker.visible = true;
  for (std::size_t i = 1; i < 6 && i < rows.size(); ++i) scene.ticker.content.items.push_back(rows[i].value("text", ""));
  scene.poll.content = {"Bạn có hài lòng với tiến độ sửa chữa đường ĐT743?",
                        {{"A", "Hài lòng", 1234}, {"B", "Chưa hài lòng", 2345}, {"C", "Không có ý kiến", 321}},
                        false};
  scene.qr.visible = true;
  scene.qr.content.url = "https://hoidap.example.vn/gui-cau-hoi";
  scene.bug.visible = true;
  return scene;
}

// Every field at (and past) its longest, every layer visible: what must still fit.
inline Scene worst_scene() {
  std::string longest;
  for (int i = 0; i < 30; ++i) longest += "Đề nghị xem xét giải quyết dứt điểm việc ngập úng ở phường Hòa Phú. ";
  Scene worst = full_scene();
  worst.question_card.content = {longest.substr(0, 300), longest.substr(0, 200), longest.substr(0, 100),
                                 longest.substr(0, 2000)};
  worst.lower_third.content = {longest.substr(0, 300), longest.substr(0, 200), longest.substr(0, 100)};
  worst.poll.content.title = longest.substr(0, 400);
  worst.poll.content.options.clear();
  for (char code = 'A'; code < 'G'; ++code)
    worst.poll.content.options.push_back({std::string(1, code) + "99", longest.substr(0, 200), 1000000 + code});
  worst.poll.content.final = true;
  worst.qr.content.caption = longest.substr(0, 180);
  worst.qr.content.url = "https://hoidap.example.vn/" + std::string(270, 'q');
  worst.bug.content.logo_text = longest.substr(0, 90);
  worst.ticker.content.label = longest.substr(0, 90);
  for (int i = 0; i < 10; ++i) worst.ticker.content.items.push_back(longest.substr(0, 400));
  // In its corner, lost: the frame, the longest name's tag and the card. (Side by side
  // fills the frame with its ground on purpose.)
  worst.caller_video.content = {CallerVideo::Layout::pip, longest.substr(0, 300), true};
  return worst;
}

}  // namespace votercast::media::graphics::test_support
