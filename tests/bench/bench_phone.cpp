// What checking a number against libphonenumber's metadata costs on the intake path
// (core::parse_phone), in the forms voters and gateways send. Figures, not pass/fail.
#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

#include "core/phone.hpp"

int main() {
  const std::vector<std::string> forms = {"0912 345 678", "+84912345678", "84987654321", "(028) 3829 1234",
                                          "0101234567", "+1 202-555-0143"};
  constexpr int kParses = 100000;
  votercast::core::parse_phone(forms[0]);  // the singleton's metadata, loaded once, outside the timing
  std::size_t valid = 0;
  const auto start = std::chrono::steady_clock::now();
  for (int i = 0; i < kParses; ++i) valid += votercast::core::parse_phone(forms[i % forms.size()]).e164.has_value();
  const std::chrono::duration<double, std::micro> spent = std::chrono::steady_clock::now() - start;
  std::printf("%d parses: %.0f ms, %.2f us each (%zu valid)\n", kParses, spent.count() / 1000,
              spent.count() / kParses, valid);
}
