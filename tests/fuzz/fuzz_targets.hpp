#pragma once
// The fuzz targets linked into fuzz_replay: each *_fuzz.cpp's LLVMFuzzerTestOneInput is
// compiled under its own name (tests/fuzz/CMakeLists.txt), listed in the generated fuzz_targets.cpp.
#include <cstddef>
#include <cstdint>

namespace votercast::fuzz {

struct Target {
  const char* name;
  int (*run)(const std::uint8_t* data, std::size_t size);
};

extern const Target kTargets[];
extern const std::size_t kTargetCount;

}  // namespace votercast::fuzz
