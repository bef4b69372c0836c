#include "core/desk/intake_desk.hpp"

#include "core/format/json_text.hpp"
#include "core/store/setting_table.hpp"

namespace votercast::core {
namespace {

constexpr const char* kSetting = "intake_paused";

}  // namespace

std::string intake_json_text(bool paused) { return JsonObjectText().boolean("paused", paused).finish(); }

void IntakeDesk::set_paused(bool paused, std::string actor, Reply<bool> reply) {
  enqueue_job<bool>(
      writer_,
      [paused, actor = std::move(actor)](store::WriteContext& ctx) {
        store::save_setting(ctx.db(), kSetting, {paused ? "1" : "0", ctx.now_ms(), actor});
        ctx.emit("intake.changed", actor, std::nullopt, intake_json_text(paused));
        return paused;
      },
      std::move(reply));
}

bool IntakeDesk::paused(store::Database& db) {
  const auto setting = store::load_setting(db, kSetting);
  return setting && setting->value == "1";
}

}  // namespace votercast::core
