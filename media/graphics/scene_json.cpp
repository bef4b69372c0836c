#include "media/graphics/scene_json.hpp"

#include <set>

namespace votercast::media::graphics {
namespace {

using nlohmann::json;

// Code points in `text`, or npos when it is not valid UTF-8 (overlong forms, surrogates
// and values past U+10FFFF are invalid too).
std::size_t utf8_length(std::string_view text) {
  std::size_t count = 0;
  for (std::size_t i = 0; i < text.size(); ++count) {
    const auto lead = static_cast<unsigned char>(text[i]);
    std::size_t extra;
    std::uint32_t cp;
    if (lead < 0x80) {
      ++i;
      continue;
    } else if ((lead & 0xE0) == 0xC0) {
      extra = 1, cp = lead & 0x1F;
    } else if ((lead & 0xF0) == 0xE0) {
      extra = 2, cp = lead & 0x0F;
    } else if ((lead & 0xF8) == 0xF0) {
      extra = 3, cp = lead & 0x07;
    } else {
      return std::string_view::npos;
    }
    if (i + extra >= text.size()) return std::string_view::npos;  // truncated sequence
    for (std::size_t k = 1; k <= extra; ++k) {
      const auto c = static_cast<unsigned char>(text[i + k]);
      if ((c & 0xC0) != 0x80) return std::string_view::npos;
      cp = (cp << 6) | (c & 0x3F);
    }
    static constexpr std::uint32_t kSmallest[] = {0, 0x80, 0x800, 0x10000};
    if (cp < kSmallest[extra] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
      return std::string_view::npos;
    i += extra + 1;
  }
  return count;
}

[[noreturn]] void fail(std::string code, const std::string& field, const std::string& message) {
  throw SceneError(std::move(code), field, message);
}

// Reads one JSON object's fields, each at most once; whatever it was not asked for is
// an unknown field (a typo must not be silently ignored on air).
class ObjectReader {
 public:
  ObjectReader(const json& object, std::string path) : object_(object), path_(std::move(path)) {
    if (!object_.is_object())
      fail("wrong_type", path_, "'" + path_ + "' phải là một đối tượng JSON / must be a JSON object");
  }

  const json* find(const char* key) {
    seen_.insert(key);
    auto it = object_.find(key);
    return it == object_.end() ? nullptr : &*it;
  }

  void text(const char* key, std::string& out, std::size_t max_chars) {
    const json* value = find(key);
    if (!value) return;
    const std::string field = path(key);
    if (!value->is_string()) fail("wrong_type", field, "'" + field + "' phải là chuỗi / must be a string");
    check_text(value->get_ref<const std::string&>(), field, max_chars);
    out = value->get<std::string>();
  }

  void boolean(const char* key, bool& out) {
    const json* value = find(key);
    if (!value) return;
    if (!value->is_boolean()) {
      const std::string field = path(key);
      fail("wrong_type", field, "'" + field + "' phải là true/false / must be a boolean");
    }
    out = value->get<bool>();
  }

  template <class Int>
  void integer(const char* key, Int& out, std::int64_t min, std::int64_t max) {
    const json* value = find(key);
    if (!value) return;
    const std::string field = path(key);
    if (!value->is_number_integer())
      fail("wrong_type", field, "'" + field + "' phải là số nguyên / must be an integer");
    // Unsigned values past int64 are out of range, not wrapped.
    if (value->is_number_unsigned() && value->get<std::uint64_t>() > static_cast<std::uint64_t>(max))
      fail("invalid_value", field, range_message(field, min, max));
    const auto number = value->get<std::int64_t>();
    if (number < min || number > max) fail("invalid_value", field, range_message(field, min, max));
    out = static_cast<Int>(number);
  }

  // Throws unknown_field for the first field nobody asked for.
  void finish() const {
    for (auto it = object_.begin(); it != object_.end(); ++it)
      if (!seen_.count(it.key()))
        fail("unknown_field", path(it.key().c_str()),
             "Trường không hợp lệ / unknown field: '" + path(it.key().c_str()) + "'");
  }

  std::string path(const char* key) const { return path_.empty() ? key : path_ + "." + key; }

  static void check_text(const std::string& text, const std::string& field, std::size_t max_chars) {
    const std::size_t length = utf8_length(text);
    if (length == std::string_view::npos)
      fail("invalid_utf8", field, "'" + field + "' không phải UTF-8 hợp lệ / is not valid UTF-8");
    if (length > max_chars)
      fail("text_too_long", field,
           "'" + field + "' dài quá " + std::to_string(max_chars) + " ký tự / longer than " +
               std::to_string(max_chars) + " characters");
  }

 private:
  static std::string range_message(const std::string& field, std::int64_t min, std::int64_t max) {
    return "'" + field + "' phải từ " + std::to_string(min) + " đến " + std::to_string(max) +
           " / must be between " + std::to_string(min) + " and " + std::to_string(max);
  }

  const json& object_;
  std::string path_;
  std::set<std::string> seen_;
};

json transition_to_json(const Transition& t) {
  return {{"type", t.kind == Transition::Kind::fade ? "fade" : "cut"}, {"ms", t.ms}};
}

Transition transition_from_json(const json& value, const std::string& path) {
  ObjectReader reader(value, path);
  Transition t;
  if (const json* type = reader.find("type")) {
    if (!type->is_string())
      fail("wrong_type", path + ".type", "'" + path + ".type' phải là chuỗi / must be a string");
    const auto& name = type->get_ref<const std::string&>();
    if (name == "fade") t.kind = Transition::Kind::fade;
    else if (name != "cut")
      fail("invalid_value", path + ".type",
           "Chuyển cảnh phải là 'cut' hoặc 'fade' / transition type must be 'cut' or 'fade'");
  }
  reader.integer("ms", t.ms, 0, SceneLimits::transition_ms_max);
  reader.finish();
  return t;
}

// Content fields, both ways, one function per layer.
void content_to_json(const QuestionCard& c, json& j) {
  j["asker"] = c.asker, j["area"] = c.area, j["topic"] = c.topic, j["text"] = c.text;
}
void content_from_json(ObjectReader& r, QuestionCard& c) {
  r.text("asker", c.asker, SceneLimits::name);
  r.text("area", c.area, SceneLimits::area);
  r.text("topic", c.topic, SceneLimits::topic);
  r.text("text", c.text, SceneLimits::question);
}

void content_to_json(const LowerThird& c, json& j) {
  j["name"] = c.name, j["area"] = c.area, j["topic"] = c.topic;
}
void content_from_json(ObjectReader& r, LowerThird& c) {
  r.text("name", c.name, SceneLimits::name);
  r.text("area", c.area, SceneLimits::area);
  r.text("topic", c.topic, SceneLimits::topic);
}

void content_to_json(const Ticker& c, json& j) {
  j["label"] = c.label, j["items"] = c.items, j["speed"] = c.speed;
}
void content_from_json(ObjectReader& r, Ticker& c) {
  r.text("label", c.label, SceneLimits::label);
  r.integer("speed", c.speed, SceneLimits::ticker_speed_min, SceneLimits::ticker_speed_max);
  const json* items = r.find("items");
  if (!items) return;
  const std::string field = r.path("items");
  if (!items->is_array()) fail("wrong_type", field, "'" + field + "' phải là mảng chuỗi / must be an array of strings");
  if (items->size() > SceneLimits::ticker_items)
    fail("too_many_items", field,
         "Dòng chữ chạy có tối đa " + std::to_string(SceneLimits::ticker_items) + " mục / at most " +
             std::to_string(SceneLimits::ticker_items) + " ticker items");
  c.items.clear();
  std::size_t total = 0;
  for (std::size_t i = 0; i < items->size(); ++i) {
    const json& item = (*items)[i];
    const std::string item_field = field + "[" + std::to_string(i) + "]";
    if (!item.is_string()) fail("wrong_type", item_field, "'" + item_field + "' phải là chuỗi / must be a string");
    ObjectReader::check_text(item.get_ref<const std::string&>(), item_field, SceneLimits::ticker_item);
    total += utf8_length(item.get_ref<const std::string&>());
    c.items.push_back(item.get<std::string>());
  }
  if (total > SceneLimits::ticker_total)
    fail("text_too_long", field,
         "Dòng chữ chạy dài quá " + std::to_string(SceneLimits::ticker_total) + " ký tự / ticker longer than " +
             std::to_string(SceneLimits::ticker_total) + " characters in all");
}

void content_to_json(const Poll& c, json& j) {
  j["title"] = c.title, j["final"] = c.final;
  j["options"] = json::array();
  for (const PollOption& o : c.options)
    j["options"].push_back({{"code", o.code}, {"label", o.label}, {"votes", o.votes}});
}
void content_from_json(ObjectReader& r, Poll& c) {
  r.text("title", c.title, SceneLimits::poll_title);
  r.boolean("final", c.final);
  const json* options = r.find("options");
  if (!options) return;
  const std::string field = r.path("options");
  if (!options->is_array()) fail("wrong_type", field, "'" + field + "' phải là mảng / must be an array");
  if (options->size() > SceneLimits::poll_options)
    fail("too_many_options", field, "Bình chọn có tối đa 6 phương án / a poll has at most 6 options");
  c.options.clear();
  for (std::size_t i = 0; i < options->size(); ++i) {
    ObjectReader option((*options)[i], field + "[" + std::to_string(i) + "]");
    PollOption o;
    option.text("code", o.code, SceneLimits::poll_code);
    option.text("label", o.label, SceneLimits::poll_label);
    option.integer("votes", o.votes, 0, SceneLimits::votes_max);
    option.finish();
    c.options.push_back(std::move(o));
  }
}

void content_to_json(const CallerVideo& c, json& j) {
  j["layout"] = c.layout == CallerVideo::Layout::side_by_side ? "side_by_side" : "pip";
  j["name"] = c.name, j["lost"] = c.lost;
}
void content_from_json(ObjectReader& r, CallerVideo& c) {
  if (const json* layout = r.find("layout")) {
    const std::string field = r.path("layout");
    if (!layout->is_string()) fail("wrong_type", field, "'" + field + "' phải là chuỗi / must be a string");
    const auto& name = layout->get_ref<const std::string&>();
    if (name == "pip") c.layout = CallerVideo::Layout::pip;
    else if (name == "side_by_side") c.layout = CallerVideo::Layout::side_by_side;
    else
      fail("invalid_value", field,
           "Bố cục phải là 'pip' hoặc 'side_by_side' / layout must be 'pip' or 'side_by_side'");
  }
  r.text("name", c.name, SceneLimits::name);
  r.boolean("lost", c.lost);
}

void content_to_json(const QrCode& c, json& j) { j["url"] = c.url, j["caption"] = c.caption; }
void content_from_json(ObjectReader& r, QrCode& c) {
  r.text("url", c.url, SceneLimits::url);
  r.text("caption", c.caption, SceneLimits::caption);
}

void content_to_json(const Bug& c, json& j) {
  j["logo_text"] = c.logo_text, j["logo_png"] = c.logo_png, j["clock"] = c.clock, j["live"] = c.live;
}
void content_from_json(ObjectReader& r, Bug& c) {
  r.text("logo_text", c.logo_text, SceneLimits::label);
  r.text("logo_png", c.logo_png, SceneLimits::path);
  r.boolean("clock", c.clock);
  r.boolean("live", c.live);
}

template <class Content>
json layer_json(const Layer<Content>& layer) {
  json j = {{"visible", layer.visible}, {"transition", transition_to_json(layer.transition)}};
  content_to_json(layer.content, j);
  return j;
}

template <class Content>
Layer<Content> layer_from_json(const json& value, const std::string& name) {
  ObjectReader reader(value, name);
  Layer<Content> layer;
  reader.boolean("visible", layer.visible);
  if (const json* transition = reader.find("transition"))
    layer.transition = transition_from_json(*transition, name + ".transition");
  content_from_json(reader, layer.content);
  reader.finish();
  return layer;
}

// What a layer must satisfy as a whole, beyond its fields one by one.
void check_layer(const Layer<Poll>& poll) {
  const std::size_t n = poll.content.options.size();
  if (n == 1 || (poll.visible && n < 2))
    fail("too_few_options", "poll.options", "Bình chọn cần từ 2 phương án / a poll needs at least 2 options");
}
template <class Content>
void check_layer(const Layer<Content>&) {}

// A layer's JSON nests three deep at most (poll.options[i].code). merge_patch copies a patch
// recursively, a level at a time, so a patch nested thousands deep (a 64 KiB body holds
// 32,000 levels) would exhaust the stack before any field is checked; none can be valid.
constexpr int kLayerDepth = 3;

// Whether `value` nests arrays and objects more than `levels` deep; looks no deeper.
bool nested_deeper_than(const json& value, int levels) {
  if (!value.is_structured()) return false;
  if (levels == 0) return true;
  for (const json& child : value)
    if (nested_deeper_than(child, levels - 1)) return true;
  return false;
}

[[noreturn]] void unknown_layer(std::string_view name) {
  fail("unknown_layer", std::string(name), "Không có lớp đồ họa '" + std::string(name) + "' / unknown layer");
}

}  // namespace

nlohmann::json layer_to_json(const Scene& scene, LayerId id) {
  return visit_layer(scene, id, [](const auto& layer) { return layer_json(layer); });
}

nlohmann::json scene_to_json(const Scene& scene) {
  json j = json::object();
  for (LayerId id : kLayersInDrawingOrder) j[std::string(layer_name(id))] = layer_to_json(scene, id);
  return j;
}

Scene scene_from_json(const nlohmann::json& json) {
  if (!json.is_object()) fail("wrong_type", "", "Cảnh phải là một đối tượng JSON / the scene must be a JSON object");
  Scene scene;
  for (auto it = json.begin(); it != json.end(); ++it) {
    LayerId id;
    if (!layer_from_name(it.key(), id)) unknown_layer(it.key());
    visit_layer(scene, id, [&](auto& layer) {
      layer = layer_from_json<std::decay_t<decltype(layer.content)>>(it.value(), it.key());
      check_layer(layer);
    });
  }
  return scene;
}

Scene patch_layer(const Scene& scene, std::string_view name, const nlohmann::json& patch) {
  LayerId id;
  if (!layer_from_name(name, id)) unknown_layer(name);
  if (!patch.is_object())
    fail("wrong_type", std::string(name), "Bản vá phải là một đối tượng JSON / the patch must be a JSON object");
  if (nested_deeper_than(patch, kLayerDepth))
    fail("wrong_type", std::string(name),
         "Bản vá lồng nhau sâu hơn mọi trường của lớp / the patch nests deeper than any field of a layer");
  json merged = layer_to_json(scene, id);
  merged.merge_patch(patch);
  Scene result = scene;
  visit_layer(result, id, [&](auto& layer) {
    layer = layer_from_json<std::decay_t<decltype(layer.content)>>(merged, std::string(name));
    check_layer(layer);
  });
  return result;
}

}  // namespace votercast::media::graphics
