#pragma once
// The realistic and adversarial inputs in ../shared/data, one JSON object a line.
#include <gtest/gtest.h>

#include <fstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

inline std::vector<nlohmann::json> read_shared_jsonl(const std::string& name) {
  std::ifstream in(std::string(VOTERCAST_SHARED_DATA) + "/" + name);
  EXPECT_TRUE(in) << "cannot open " << VOTERCAST_SHARED_DATA << "/" << name;
  std::vector<nlohmann::json> rows;
  for (std::string line; std::getline(in, line);)
    if (!line.empty()) rows.push_back(nlohmann::json::parse(line));
  return rows;
}
