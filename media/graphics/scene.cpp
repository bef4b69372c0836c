#include "media/graphics/scene.hpp"

namespace votercast::media::graphics {

std::string_view layer_name(LayerId id) {
  switch (id) {
    case LayerId::question_card: return "question_card";
    case LayerId::lower_third: return "lower_third";
    case LayerId::ticker: return "ticker";
    case LayerId::poll: return "poll";
    case LayerId::qr: return "qr";
    case LayerId::caller_video: return "caller_video";
    case LayerId::bug: break;
  }
  return "bug";
}

bool layer_from_name(std::string_view name, LayerId& id) {
  for (LayerId candidate : kLayersInDrawingOrder)
    if (layer_name(candidate) == name) {
      id = candidate;
      return true;
    }
  return false;
}

}  // namespace votercast::media::graphics
