// `--overlay` on run, validate and compare, and `--variant NAME:A.yaml+B.yaml`, as a user runs
// them: an overlay gives exactly the outputs of the scenario edited by hand.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "support/cli.hpp"

namespace tankersim::cli {
namespace {

namespace fs = std::filesystem;
using test::run_cli;

// Two tankers pass two cutters that detect and board; the cutters' unit_tracks and the fates
// depend on which cutters there are and how fast the tankers go.
std::string scenario_text(const std::string& forest_speed, bool with_kidd) {
  std::string s = R"(name: overlay_cli
simulation: {start: 2020-01-01, duration: 3 d, step: 10 min, seed: 3, output_interval: 1 h}
vessels:
  - {name: Fortune, flag: IR, service_speed: 10 kn, departure: 2020-01-01T00:00:00Z,
     route: [{lat: 0, lon: -30}, {lat: 0, lon: -22}], cargo: {product: gasoline, volume_bbl: 100000, price_usd_per_bbl: 30}}
  - {name: Forest, flag: IR, service_speed: )" +
                  forest_speed + R"(, departure: 2020-01-01T06:00:00Z,
     route: [{lat: 0.3, lon: -30}, {lat: 0.3, lon: -22}], cargo: {product: gasoline, volume_bbl: 100000, price_usd_per_bbl: 30}}
sides:
  - name: Blue
    units:
      - {name: Lassen, type: ship, position: {lat: 0.5, lon: -27}, max_speed: 25 kn,
         sensors: [{kind: radar, model: rate, range: 25 nm, rate_per_h: 0.6}]}
)";
  if (with_kidd) {
    s += R"(      - {name: Kidd, type: ship, position: {lat: -0.2, lon: -25}, max_speed: 25 kn,
         sensors: [{kind: radar, model: rate, range: 25 nm, rate_per_h: 0.6}]}
)";
  }
  s += R"(    rules:
      - {name: stop, action: board, p_success: 0.6, board_duration: 2 h}
)";
  return s;
}

class OverlayCli : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("tankersim_overlay_cli_" + std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    write("base.yaml", scenario_text("12 kn", true));
    write("fast.yaml", "vessels:\n  - {name: Forest, service_speed: 14 kn}\n");
    write("slow.yaml", "vessels:\n  - {name: Forest, service_speed: 9 kn}\n");
    write("no_kidd.yaml", "sides:\n  - name: Blue\n    units:\n      - {name: Kidd, delete: true}\n");
  }
  void TearDown() override { fs::remove_all(dir_); }
  std::string write(const std::string& name, const std::string& text) const {
    std::ofstream(dir_ / name) << text;
    return path(name);
  }
  std::string path(const std::string& name) const { return (dir_ / name).string(); }
  std::string read(const std::string& name) const {
    std::ifstream f(dir_ / name, std::ios::binary);
    std::ostringstream s;
    s << f.rdbuf();
    return s.str();
  }
  fs::path dir_;
};

TEST_F(OverlayCli, RunWithOverlaysWritesTheBytesOfTheEditedScenario) {
  write("edited.yaml", scenario_text("14 kn", false));
  const auto edited = run_cli({"run", path("edited.yaml"), "--out", path("edited"), "--quiet"});
  ASSERT_EQ(edited.code, 0) << edited.err;
  const auto overlaid = run_cli({"run", path("base.yaml"), "--overlay", path("fast.yaml"), "--overlay",
                                 path("no_kidd.yaml"), "--out", path("overlaid"), "--quiet"});
  ASSERT_EQ(overlaid.code, 0) << overlaid.err;
  const auto plain = run_cli({"run", path("base.yaml"), "--out", path("plain"), "--quiet"});
  ASSERT_EQ(plain.code, 0) << plain.err;
  for (const char* f : {"tracks.csv", "unit_tracks.csv", "events.csv", "summary.csv"}) {
    EXPECT_EQ(read(std::string("overlaid/") + f), read(std::string("edited/") + f)) << f;
    EXPECT_FALSE(read(std::string("overlaid/") + f).empty()) << f;
  }
  // The overlays changed something: without them, Kidd is in unit_tracks.csv.
  EXPECT_NE(read("plain/unit_tracks.csv"), read("overlaid/unit_tracks.csv"));
  EXPECT_NE(read("plain/unit_tracks.csv").find("Kidd"), std::string::npos);
  EXPECT_EQ(read("overlaid/unit_tracks.csv").find("Kidd"), std::string::npos);
}

TEST_F(OverlayCli, TheLaterOverlayWinsAndSetComesAfterBoth) {
  write("slow_edit.yaml", scenario_text("9 kn", true));
  ASSERT_EQ(run_cli({"run", path("slow_edit.yaml"), "--out", path("slow_edit"), "--quiet"}).code, 0);
  const auto r = run_cli({"run", path("base.yaml"), "--overlay", path("fast.yaml"), "--overlay", path("slow.yaml"),
                          "--out", path("fast_slow"), "--quiet"});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(read("fast_slow/tracks.csv"), read("slow_edit/tracks.csv"));
  const auto set = run_cli({"run", path("base.yaml"), "--overlay", path("slow.yaml"), "--set",
                            "vessels.Forest.service_speed=14 kn", "--out", path("slow_set"), "--quiet"});
  ASSERT_EQ(set.code, 0) << set.err;
  write("fast_edit.yaml", scenario_text("14 kn", true));
  ASSERT_EQ(run_cli({"run", path("fast_edit.yaml"), "--out", path("fast_edit"), "--quiet"}).code, 0);
  EXPECT_EQ(read("slow_set/tracks.csv"), read("fast_edit/tracks.csv"));
}

TEST_F(OverlayCli, ValidateCountsWhatTheOverlaysLeave) {
  write("no_forest.yaml", "vessels:\n  - {name: Forest, delete: true}\n");
  const auto r = run_cli({"validate", path("base.yaml"), "--overlay", path("no_forest.yaml")});
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(r.out, path("base.yaml") +
                       ": ok: 'overlay_cli', 1 vessel, 1 legs, 1 side, 0 zones, 2020-01-01T00:00:00Z to "
                       "2020-01-04T00:00:00Z, step 600 s\n");
  write("typo.yaml", "vessels:\n  - {name: Forrest, service_speed: 11 kn}\n");
  const auto bad = run_cli({"validate", path("base.yaml"), "--overlay", path("typo.yaml")});
  EXPECT_EQ(bad.code, 2);
  EXPECT_EQ(bad.err, path("typo.yaml") +
                         ":2:12: vessels: no vessel named 'Forrest' (expected an existing name, or `add: true` for a "
                         "new one); did you mean 'Forest'?\n" +
                         path("base.yaml") + ": 1 error, 0 warnings\n");
}

TEST_F(OverlayCli, AnOverlayThatCannotBeReadIsBadInput) {
  const auto r = run_cli({"run", path("base.yaml"), "--overlay", "/nonexistent.yaml", "--out", path("o")});
  EXPECT_EQ(r.code, 2);
  EXPECT_EQ(r.err, "/nonexistent.yaml: no such file\n");
  EXPECT_FALSE(fs::exists(dir_ / "o"));
  const auto v = run_cli({"validate", path("base.yaml"), "--overlay", "/nonexistent.yaml"});
  EXPECT_EQ(v.code, 2);
  EXPECT_EQ(v.err, "/nonexistent.yaml: no such file\n");
  const auto c = run_cli({"compare", path("base.yaml"), "-n", "2", "--overlay", "/nonexistent.yaml", "--no-progress"});
  EXPECT_EQ(c.code, 2);
  EXPECT_EQ(c.err, "/nonexistent.yaml: no such file\n");
}

// comparison.csv without its first column (the variant's name).
std::string rows_of(const std::string& csv, const std::string& variant) {
  std::istringstream in(csv);
  std::string line, out;
  while (std::getline(in, line)) {
    if (line.rfind(variant + ",", 0) == 0) out += line.substr(variant.size()) + "\n";
  }
  return out;
}

TEST_F(OverlayCli, CompareAppliesOverlayToTheBaseAndEveryVariant) {
  write("edited.yaml", scenario_text("14 kn", true));
  ASSERT_EQ(run_cli({"compare", path("edited.yaml"), "-n", "40", "--threads", "2", "--variant",
                     "no-kidd:" + path("no_kidd.yaml"), "--out", path("edited_cmp"), "--no-progress"})
                .code,
            0);
  const auto r = run_cli({"compare", path("base.yaml"), "-n", "40", "--threads", "2", "--overlay", path("fast.yaml"),
                          "--variant", "no-kidd:" + path("no_kidd.yaml"), "--out", path("overlay_cmp"),
                          "--no-progress"});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(read("overlay_cmp/comparison.csv"), read("edited_cmp/comparison.csv"));
  EXPECT_EQ(read("overlay_cmp/runs.csv"), read("edited_cmp/runs.csv"));
  // The variant's own overlays come after --overlay: slow.yaml wins over fast.yaml in it.
  write("slow_edit.yaml", scenario_text("9 kn", false));
  ASSERT_EQ(run_cli({"compare", path("slow_edit.yaml"), "-n", "40", "--threads", "2", "--out", path("slow_cmp"),
                     "--no-progress"})
                .code,
            0);
  const auto two = run_cli({"compare", path("base.yaml"), "-n", "40", "--threads", "2", "--overlay", path("fast.yaml"),
                            "--variant", "slow-no-kidd:" + path("slow.yaml") + "+" + path("no_kidd.yaml"), "--out",
                            path("two_cmp"), "--no-progress"});
  ASSERT_EQ(two.code, 0) << two.err;
  const std::string slow_rows = rows_of(read("slow_cmp/comparison.csv"), "base");
  EXPECT_FALSE(slow_rows.empty());
  EXPECT_EQ(rows_of(read("two_cmp/comparison.csv"), "slow-no-kidd"), slow_rows);
}

TEST_F(OverlayCli, BadVariantSpecsAreUsageErrors) {
  for (const std::string spec : {"nocolon", "x:", ":a.yaml", "x:a.yaml+", "x:+a.yaml", "x:a.yaml++b.yaml"}) {
    const auto r = run_cli({"compare", path("base.yaml"), "-n", "2", "--variant", spec});
    EXPECT_EQ(r.code, 2) << spec;
    EXPECT_EQ(r.err, "tankersim: --variant " + spec +
                         ": expected NAME:OVERLAY.yaml, or NAME:A.yaml+B.yaml for overlays applied in order\n");
  }
  const auto missing = run_cli(
      {"compare", path("base.yaml"), "-n", "2", "--variant", "x:" + path("fast.yaml") + "+/nonexistent.yaml"});
  EXPECT_EQ(missing.code, 2);
  EXPECT_EQ(missing.err, "/nonexistent.yaml: no such file\n");
}

}  // namespace
}  // namespace tankersim::cli
