#include "core/clock.hpp"

#include <chrono>
#include <cstdio>
#include <ctime>

namespace votercast::core {

std::int64_t now_ms() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

std::string iso8601_utc(std::int64_t unix_ms) {
  // Every event and every question carries two timestamps: format each second once
  // per thread and only the milliseconds after that.
  thread_local std::int64_t cached_second = -1;
  thread_local char cached[64];
  const std::int64_t second = unix_ms >= 0 ? unix_ms / 1000 : (unix_ms - 999) / 1000;
  if (second != cached_second) {
    const std::time_t t = static_cast<std::time_t>(second);
    std::tm tm{};
    gmtime_r(&t, &tm);
    std::snprintf(cached, sizeof cached, "%04d-%02d-%02dT%02d:%02d:%02d.", tm.tm_year + 1900, tm.tm_mon + 1,
                  tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
    cached_second = second;
  }
  const auto ms = static_cast<int>(unix_ms - second * 1000);
  std::string out(cached);
  out += static_cast<char>('0' + ms / 100);
  out += static_cast<char>('0' + ms / 10 % 10);
  out += static_cast<char>('0' + ms % 10);
  out += 'Z';
  return out;
}

}  // namespace votercast::core
