#include "web/live/metrics.hpp"

#include <sstream>

namespace votercast::web {

namespace {

std::string_view method_label(std::string_view method) {
  for (std::string_view known : {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})
    if (method == known) return known;
  return "other";
}

// A label value in the text format: backslash, double quote and newline escaped, so that
// no value can end its label or its line.
std::string label_value(std::string_view value) {
  std::string out;
  out.reserve(value.size());
  for (char c : value) {
    if (c == '\\') out += "\\\\";
    else if (c == '"') out += "\\\"";
    else if (c == '\n') out += "\\n";
    else out += c;
  }
  return out;
}

}  // namespace

void Metrics::observe(std::string_view method, const std::string& route, int status, double seconds) {
  const std::string m(method_label(method));
  std::lock_guard lock(mutex_);
  ++requests_[{m, route, status}];
  auto& h = latency_[{m, route}];
  for (std::size_t i = 0; i < kBuckets.size(); ++i)
    if (seconds <= kBuckets[i]) ++h.buckets[i];
  ++h.count;
  h.sum += seconds;
}

void Metrics::count_vote_refused(std::string_view reason) {
  std::lock_guard lock(mutex_);
  const auto it = votes_refused_.find(reason);
  if (it != votes_refused_.end()) ++it->second;
  else votes_refused_.emplace(reason, 1);
}

std::string Metrics::render(const std::map<std::string, double>& gauges) const {
  std::ostringstream out;
  std::lock_guard lock(mutex_);
  out << "# HELP votercast_http_requests_total HTTP requests answered.\n"
         "# TYPE votercast_http_requests_total counter\n";
  for (const auto& [key, n] : requests_) {
    const auto& [method, route, status] = key;
    out << "votercast_http_requests_total{method=\"" << label_value(method) << "\",route=\"" << label_value(route)
        << "\",status=\"" << status
        << "\"} " << n << '\n';
  }
  out << "# HELP votercast_http_request_duration_seconds Time from a complete request to its response.\n"
         "# TYPE votercast_http_request_duration_seconds histogram\n";
  for (const auto& [key, h] : latency_) {
    const auto labels = "method=\"" + label_value(key.first) + "\",route=\"" + label_value(key.second) + "\"";
    for (std::size_t i = 0; i < kBuckets.size(); ++i)
      out << "votercast_http_request_duration_seconds_bucket{" << labels << ",le=\"" << kBuckets[i] << "\"} "
          << h.buckets[i] << '\n';
    out << "votercast_http_request_duration_seconds_bucket{" << labels << ",le=\"+Inf\"} " << h.count << '\n';
    out << "votercast_http_request_duration_seconds_sum{" << labels << "} " << h.sum << '\n';
    out << "votercast_http_request_duration_seconds_count{" << labels << "} " << h.count << '\n';
  }
  out << "# HELP votercast_poll_votes_refused_total Web votes refused, by reason.\n"
         "# TYPE votercast_poll_votes_refused_total counter\n";
  for (const auto& [reason, n] : votes_refused_)
    out << "votercast_poll_votes_refused_total{reason=\"" << label_value(reason) << "\"} " << n << '\n';
  for (const auto& [name, value] : gauges) out << "# TYPE " << name << " gauge\n" << name << ' ' << value << '\n';
  return out.str();
}

}  // namespace votercast::web
