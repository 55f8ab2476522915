// libFuzzer target for the scenario loader: any bytes must give a result or diagnostics, never a
// crash, hang, leak or sanitizer report. Overrides are fuzzed too: the first line, if it starts
// with "#set ", is taken as a --set argument.
#include <cstddef>
#include <cstdint>
#include <string>

#include "tankersim/scenario/loader.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  tankersim::scenario::LoadOptions options;
  options.check_land = size % 7 == 0;  // the land check is slow-ish; exercise it on a share
  if (text.rfind("#set ", 0) == 0) {
    const auto eol = text.find('\n');
    options.overrides.push_back(text.substr(5, eol == std::string::npos ? std::string::npos : eol - 5));
  }
  const auto result = tankersim::scenario::load_scenario_text(text, "fuzz.yaml", options);
  for (const auto& d : result.diagnostics) (void)d.str();
  return 0;
}
