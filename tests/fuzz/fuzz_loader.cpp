// libFuzzer target for the scenario loader: any bytes must give a result or diagnostics, never a
// crash, hang, leak or sanitizer report; a scenario that loads must also build its World.
//
// An input is a scenario, then up to kMaxOverlays overlays, each after a line "#overlay"; a line
// "#set PATH=VALUE" anywhere is a --set override (up to kMaxOverrides). Both are YAML comments,
// so any scenario file is an input as it is, and the sections are kept in the text they belong
// to so that line numbers stay those of the input. loader.dict gives the fuzzer these words.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "tankersim/scenario/loader.hpp"
#include "tankersim/world/world.hpp"

namespace {

constexpr std::size_t kMaxOverlays = 4;
constexpr std::size_t kMaxOverrides = 8;

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  tankersim::scenario::LoadOptions options;
  options.check_land = size % 7 == 0;  // the land check costs ~1 ms; exercise it on a share
  options.strict = size % 11 == 0;
  std::string scenario;
  std::string* section = &scenario;
  for (std::size_t pos = 0; pos < input.size();) {
    std::size_t eol = input.find('\n', pos);
    const std::size_t next = eol == std::string_view::npos ? input.size() : eol + 1;
    if (eol == std::string_view::npos) eol = input.size();
    const std::string_view line = input.substr(pos, eol - pos);
    if (line == "#overlay" && options.overlays.size() < kMaxOverlays) {
      options.overlays.push_back({"overlay" + std::to_string(options.overlays.size() + 1) + ".yaml", ""});
      section = &options.overlays.back().text;
    } else {
      if (line.substr(0, 5) == "#set " && options.overrides.size() < kMaxOverrides) {
        options.overrides.emplace_back(line.substr(5));
      }
      section->append(input.substr(pos, next - pos));
    }
    pos = next;
  }
  const auto result = tankersim::scenario::load_scenario_text(scenario, "fuzz.yaml", options);
  for (const auto& d : result.diagnostics) (void)d.str();
  if (result.ok()) const tankersim::world::World world(*result.scenario);
  return 0;
}
