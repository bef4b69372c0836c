// The fuzz targets without libFuzzer: every saved input run once through its target. This is
// what ctest's fuzz_replay runs in the gcc builds (plain and ASan/UBSan), so an input that once
// crashed a target, or that a fuzzer kept for reaching new code, is tried on every build.
// A crash or a failed FUZZ_CHECK aborts; the line before it names the input.
//
// Usage: fuzz_replay                   every target over corpus/<name>/ and regressions/<name>/
//        fuzz_replay TARGET PATH...    one target over these files and directories
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <string_view>
#include <vector>

#include "fuzz_targets.hpp"

namespace {

namespace fs = std::filesystem;

// Files under `path` (or `path` itself), sorted so that runs are alike.
std::vector<fs::path> inputs(const fs::path& path) {
  std::vector<fs::path> out;
  if (fs::is_regular_file(path)) out.push_back(path);
  if (fs::is_directory(path))
    for (const auto& entry : fs::recursive_directory_iterator(path))
      if (entry.is_regular_file()) out.push_back(entry.path());
  std::sort(out.begin(), out.end());
  return out;
}

std::size_t replay(const votercast::fuzz::Target& target, const std::vector<fs::path>& paths) {
  std::size_t count = 0;
  for (const fs::path& path : paths) {
    for (const fs::path& file : inputs(path)) {
      std::ifstream in(file, std::ios::binary);
      const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
      std::fprintf(stderr, "fuzz_replay: %s %s\n", target.name, file.c_str());
      target.run(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size());
      ++count;
    }
  }
  return count;
}

}  // namespace

int main(int argc, char** argv) {
  const auto* begin = votercast::fuzz::kTargets;
  const auto* end = begin + votercast::fuzz::kTargetCount;
  if (argc >= 2) {
    const auto* target = std::find_if(begin, end, [&](const auto& t) { return std::string_view(t.name) == argv[1]; });
    if (target == end) {
      std::fprintf(stderr, "fuzz_replay: no target '%s'\n", argv[1]);
      return 2;
    }
    std::printf("%zu inputs\n", replay(*target, std::vector<fs::path>(argv + 2, argv + argc)));
    return 0;
  }
  const fs::path dir = VOTERCAST_FUZZ_DIR;
  for (const auto* target = begin; target != end; ++target) {
    const auto start = std::chrono::steady_clock::now();
    const std::size_t n = replay(*target, {dir / "corpus" / target->name, dir / "regressions" / target->name});
    const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start);
    std::printf("%-16s %5zu inputs %6lld ms\n", target->name, n, static_cast<long long>(ms.count()));
    if (n == 0) {
      std::fprintf(stderr, "fuzz_replay: %s has no corpus in %s\n", target->name, (dir / "corpus").c_str());
      return 1;
    }
  }
  return 0;
}
