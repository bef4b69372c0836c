#pragma once
// The fuzz targets' assertion. Unlike assert() it holds in every build type, and it aborts:
// libFuzzer reports that as a crash and saves the input, the replay test fails on it.
#include <cstdio>
#include <cstdlib>
#include <string>

namespace votercast::fuzz {

[[noreturn]] inline void fail(const char* file, int line, const char* condition, const std::string& what) {
  std::fprintf(stderr, "%s:%d: fuzz check failed: %s: %s\n", file, line, condition, what.c_str());
  std::abort();
}

}  // namespace votercast::fuzz

// FUZZ_CHECK(invariant, "what it means"): the message may be any std::string expression.
#define FUZZ_CHECK(condition, what)                                                      \
  do {                                                                                   \
    if (!(condition)) ::votercast::fuzz::fail(__FILE__, __LINE__, #condition, (what));   \
  } while (0)
