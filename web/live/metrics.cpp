#include "web/live/metrics.hpp"

#include <cctype>
#include <sstream>

namespace votercast::web {

std::string Metrics::route_of(const std::string& path) {
  // SMS gateways by name; any other /sms/ path joins "static" (no label per made-up path).
  for (const char* gateway : {"/sms/kannel", "/sms/jasmin", "/sms/twilio", "/sms/shortcode"})
    if (path == gateway) return path;
  if (!path.starts_with("/api/") && path != "/healthz" && path != "/metrics" && path != "/ws") return "static";
  std::string out;
  std::size_t i = 0;
  while (i < path.size()) {
    const auto end = path.find('/', i + 1);
    const auto segment = path.substr(i + 1, end == std::string::npos ? std::string::npos : end - i - 1);
    const bool is_id = !segment.empty() && std::isdigit(static_cast<unsigned char>(segment[0]));
    // Ticket codes are 8 characters of base32 after /api/tickets/.
    const bool is_ticket = out == "/api/tickets";
    out += '/';
    out += (is_id || is_ticket) ? (is_ticket ? "{ticket}" : "{id}") : segment;
    if (end == std::string::npos) break;
    i = end;
  }
  return out;
}

void Metrics::observe(const std::string& method, const std::string& route, int status, double seconds) {
  std::lock_guard lock(mutex_);
  ++requests_[{method, route, status}];
  auto& h = latency_[{method, route}];
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
    out << "votercast_http_requests_total{method=\"" << method << "\",route=\"" << route << "\",status=\"" << status
        << "\"} " << n << '\n';
  }
  out << "# HELP votercast_http_request_duration_seconds Time from a complete request to its response.\n"
         "# TYPE votercast_http_request_duration_seconds histogram\n";
  for (const auto& [key, h] : latency_) {
    const auto labels = "method=\"" + key.first + "\",route=\"" + key.second + "\"";
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
    out << "votercast_poll_votes_refused_total{reason=\"" << reason << "\"} " << n << '\n';
  for (const auto& [name, value] : gauges) out << "# TYPE " << name << " gauge\n" << name << ' ' << value << '\n';
  return out.str();
}

}  // namespace votercast::web
