// The invalid-scenario corpus: each tests/scenario/data/invalid/NAME.yaml has NAME.expected with
// the exact diagnostics (file shown as its base name), loaded with --strict so that land crossings
// count. Regenerate an .expected file only after reading the new message.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "tankersim/scenario/loader.hpp"

namespace tankersim::scenario {
namespace {

namespace fs = std::filesystem;

std::string slurp(const fs::path& p) {
  std::ifstream f(p, std::ios::binary);
  std::ostringstream s;
  s << f.rdbuf();
  return s.str();
}

std::vector<fs::path> corpus() {
  std::vector<fs::path> files;
  for (const auto& e : fs::directory_iterator(fs::path(TANKERSIM_TEST_DATA) / "invalid")) {
    if (e.path().extension() == ".yaml") files.push_back(e.path());
  }
  std::sort(files.begin(), files.end());
  return files;
}

TEST(InvalidCorpus, HasAtLeastFortyCases) { EXPECT_GE(corpus().size(), 40U); }

TEST(InvalidCorpus, EachFileGivesItsExactMessages) {
  LoadOptions strict;
  strict.strict = true;
  for (const fs::path& file : corpus()) {
    const LoadResult r = load_scenario_text(slurp(file), file.filename().string(), strict);
    EXPECT_FALSE(r.ok()) << file.filename() << " loaded, but is in the invalid corpus";
    std::string got;
    for (const auto& d : r.diagnostics) got += d.str() + "\n";
    fs::path expected = file;
    expected.replace_extension(".expected");
    ASSERT_TRUE(fs::exists(expected)) << "missing " << expected.filename() << "; got:\n" << got;
    EXPECT_EQ(got, slurp(expected)) << file.filename();
  }
}

}  // namespace
}  // namespace tankersim::scenario
