#include "media/graphics/prepared_layers.hpp"

#include <algorithm>
#include <type_traits>

namespace votercast::media::graphics {

bool same_layer_content(const Scene& a, const Scene& b, LayerId id) {
  return visit_layer(a, id, [&](const auto& layer) {
    using L = std::decay_t<decltype(layer)>;
    return visit_layer(b, id, [&](const auto& other) {
      if constexpr (std::is_same_v<L, std::decay_t<decltype(other)>>) return layer.content == other.content;
      else return false;
    });
  });
}

bool can_prepare(LayerId id) { return id != LayerId::poll && id != LayerId::bug; }

std::shared_ptr<const RenderedLayer> PreparedLayers::find(LayerId id, const Scene& scene) {
  const auto hit = std::find_if(entries_.begin(), entries_.end(),
                                [&](const Entry& e) { return e.id == id && same_layer_content(e.scene, scene, id); });
  if (hit == entries_.end()) return nullptr;
  auto rendered = hit->rendered;
  if (hit != entries_.begin()) {  // the newest again: what was just used is kept longest
    Entry entry = std::move(*hit);
    entries_.erase(hit);
    entries_.push_front(std::move(entry));
  }
  return rendered;
}

void PreparedLayers::keep(LayerId id, const Scene& scene, std::shared_ptr<const RenderedLayer> rendered) {
  if (!can_prepare(id) || !rendered) return;
  std::erase_if(entries_, [&](const Entry& e) { return e.id == id && same_layer_content(e.scene, scene, id); });
  entries_.push_front({id, scene, std::move(rendered)});
  std::size_t of_layer = 0;
  std::erase_if(entries_, [&](const Entry& e) { return e.id == id && ++of_layer > kPerLayer; });
}

std::size_t PreparedLayers::bytes() const {
  std::size_t total = 0;
  for (const auto& e : entries_) total += e.rendered->bytes();
  return total;
}

}  // namespace votercast::media::graphics
