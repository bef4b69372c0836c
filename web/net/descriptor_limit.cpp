#include "web/net/descriptor_limit.hpp"

#include <sys/resource.h>

namespace votercast::web {

std::string raise_descriptor_limit(std::size_t needed) {
  rlimit limit{};
  if (::getrlimit(RLIMIT_NOFILE, &limit) != 0) return "";
  if (limit.rlim_cur < limit.rlim_max) {
    rlimit raised = limit;
    raised.rlim_cur = limit.rlim_max;
    if (::setrlimit(RLIMIT_NOFILE, &raised) == 0) limit = raised;
  }
  if (limit.rlim_cur == RLIM_INFINITY || limit.rlim_cur >= needed) return "";
  return "only " + std::to_string(limit.rlim_cur) + " file descriptors may be open (LimitNOFILE), and the " +
         "connection caps need about " + std::to_string(needed) +
         ": raise LimitNOFILE or lower [server] max_connections";
}

}  // namespace votercast::web
