#pragma once
// What is on the programme: a caller's video and six graphics layers, each shown or hidden
// with a cut or a fade.
// Plain data; the JSON form is in scene_json.hpp and docs/SCENE.md.
#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace votercast::media::graphics {

struct Transition {
  enum class Kind { cut, fade };
  Kind kind = Kind::cut;
  int ms = 0;  // fade duration; ignored for a cut
  bool operator==(const Transition&) const = default;
};

// A layer: whether it should be on air, how it gets there, and what it shows.
// Changing `content` re-renders the layer; changing `visible` only starts a transition.
template <class Content>
struct Layer {
  bool visible = false;
  Transition transition;
  Content content;
  bool operator==(const Layer&) const = default;
};

struct QuestionCard {
  std::string asker;  // the voter's name as it may be shown
  std::string area;
  std::string topic;
  std::string text;   // the on-air text
  bool operator==(const QuestionCard&) const = default;
};

struct LowerThird {  // a caller on the line
  std::string name;
  std::string area;
  std::string topic;  // optional
  bool operator==(const LowerThird&) const = default;
};

struct Ticker {
  std::string label = "CÂU HỎI TIẾP THEO";
  std::vector<std::string> items;  // upcoming questions, crawled right to left in a loop
  int speed = 120;                 // px/s on a 1080-line programme (scaled for 720)
  bool operator==(const Ticker&) const = default;
};

struct PollOption {
  std::string code;   // short: A, B, C...
  std::string label;
  std::int64_t votes = 0;
  bool operator==(const PollOption&) const = default;
};

struct Poll {
  std::string title;
  std::vector<PollOption> options;  // 2 to 6 (none while no poll is prepared)
  bool final = false;               // "Kết quả cuối cùng" instead of "Đang bình chọn"
  bool operator==(const Poll&) const = default;
};

struct QrCode {
  std::string url;
  std::string caption = "Quét mã để gửi câu hỏi";
  bool operator==(const QrCode&) const = default;
};

struct Bug {  // the corner logo and clock
  std::string logo_text = "ĐỐI THOẠI VỚI CỬ TRI";
  std::string logo_png;  // optional path of a PNG logo, drawn instead of logo_text
  bool clock = true;     // HH:MM local time, re-rendered each minute
  bool live = true;      // a "TRỰC TIẾP" tag
  bool operator==(const Bug&) const = default;
};

// A video caller on air: their picture beside or inside the studio's. The picture itself
// comes from the call (GraphicsEngine::set_caller_picture); the layer draws its frame and
// name tag, and the card that covers it when the call is lost.
struct CallerVideo {
  enum class Layout { pip, side_by_side };
  Layout layout = Layout::pip;  // in a corner over the studio, or the two halves side by side
  std::string name;             // on the picture's tag; the lower third carries the rest
  bool lost = false;            // "Mất kết nối với người gọi" instead of a frozen picture
  bool operator==(const CallerVideo&) const = default;
};

struct Scene {
  Layer<CallerVideo> caller_video;
  Layer<QuestionCard> question_card;
  Layer<LowerThird> lower_third;
  Layer<Ticker> ticker;
  Layer<Poll> poll;
  Layer<QrCode> qr;
  Layer<Bug> bug;
  bool operator==(const Scene&) const = default;
};

// The layers in drawing order (first is lowest); also their names in JSON and URLs.
// The caller's picture is lowest: every graphic goes over it.
enum class LayerId { poll, lower_third, question_card, qr, ticker, bug, caller_video };
inline constexpr std::size_t kLayerCount = 7;
inline constexpr std::array<LayerId, kLayerCount> kLayersInDrawingOrder = {
    LayerId::caller_video, LayerId::poll, LayerId::lower_third, LayerId::question_card,
    LayerId::qr,           LayerId::ticker, LayerId::bug};

std::string_view layer_name(LayerId id);
// False for a name that is not a layer.
bool layer_from_name(std::string_view name, LayerId& id);

// Visit the layer `id` of a scene: f(layer) with the concrete Layer<...>&.
template <class SceneT, class F>
decltype(auto) visit_layer(SceneT& scene, LayerId id, F&& f) {
  switch (id) {
    case LayerId::question_card: return f(scene.question_card);
    case LayerId::lower_third: return f(scene.lower_third);
    case LayerId::ticker: return f(scene.ticker);
    case LayerId::poll: return f(scene.poll);
    case LayerId::qr: return f(scene.qr);
    case LayerId::caller_video: return f(scene.caller_video);
    case LayerId::bug: break;
  }
  return f(scene.bug);
}

}  // namespace votercast::media::graphics
