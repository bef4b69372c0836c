#pragma once
// A fresh database file path under a unique temporary directory, removed afterwards.
#include <filesystem>
#include <random>
#include <string>

struct TempDb {
  std::filesystem::path dir;
  std::string path;
  TempDb() {
    std::random_device rd;
    dir = std::filesystem::temp_directory_path() / ("votercast-unit-" + std::to_string(rd()) + std::to_string(rd()));
    std::filesystem::create_directories(dir);
    path = (dir / "test.db").string();
  }
  ~TempDb() {
    std::error_code ec;
    std::filesystem::remove_all(dir, ec);
  }
};
