#pragma once
// One sender (a voter's device, else the address; an SMS's phone number) asking the same
// thing again and again in a short time: a script, or a thumb on the send button. Each
// repeat is kept, but flagged spam and merged into that sender's first question, so it
// neither fills the queue nor counts as another voter (question_desk.cpp). A device is
// preferred to the address: behind carrier-grade NAT, thousands of voters share one
// address and may well ask the same thing; only a client without a device cookie (a
// script, mostly) is known by its address. In memory on the writer thread: a restart
// forgets the window, which lets one more repeat through per sender.
#include <cstddef>
#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

namespace votercast::core {

class SenderRepeats {
 public:
  static constexpr std::int64_t kWindowMs = 10 * 60 * 1000;
  static constexpr std::size_t kPerSender = 4;  // the sender's latest questions compared

  // The question of this sender's within the window that this one repeats: the same
  // folded text, or alike by the clusters' rule (ClusterRule) on the near-duplicate keys.
  std::optional<std::int64_t> repeated(const std::string& sender, std::string_view fold_key, std::string_view near_key,
                                       std::int64_t now_ms);
  void remember(const std::string& sender, std::int64_t id, std::string_view fold_key, std::string near_key,
                std::int64_t now_ms);
  std::size_t senders() const { return by_sender_.size(); }
  void forget_all() {
    by_sender_.clear();
    sweep_order_.clear();
  }

 private:
  struct Asked {
    std::int64_t id = 0;
    std::int64_t at_ms = 0;
    std::size_t fold_hash = 0;
    std::string near_key;
  };
  // Forgets the senders quiet for a whole window, oldest first.
  void sweep(std::int64_t now_ms);

  std::unordered_map<std::string, std::deque<Asked>> by_sender_;
  // Each sender once, by when it was put here; looked at again when that is a window old.
  std::deque<std::pair<std::int64_t, std::string>> sweep_order_;
};

}  // namespace votercast::core
