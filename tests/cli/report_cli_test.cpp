// `tankersim report` and `run --report`: what is written where, and the exact refusals (exit 2)
// of folders and files that are not what tankersim writes. What the page draws is tested in a
// browser (tests/tools/test_report_browser.py).
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>

#include <fmt/format.h>

#include "support/cli.hpp"
#include "support/files.hpp"
#include "tankersim/report/report.hpp"

namespace tankersim::cli {
namespace {

namespace fs = std::filesystem;
using test::names;
using test::run_cli;
using test::slurp;

const std::string kScenario = std::string(TANKERSIM_SOURCE_DIR) + "/scenarios/venezuela_2020.yaml";

fs::path fresh_root(const char* name) {
  const fs::path root = fs::temp_directory_path() / name;
  fs::remove_all(root);
  fs::create_directories(root);
  return root;
}

// A run's output set in root/out.
fs::path run_set(const fs::path& root) {
  const fs::path dir = root / "out";
  const auto r = run_cli({"run", kScenario, "--out", dir.string()});
  EXPECT_EQ(r.code, 0) << r.err;
  return dir;
}

TEST(ReportCli, RunReportPutsThePageInTheSetAndItsManifest) {
  const fs::path root = fresh_root("tankersim_report_cli_run");
  const fs::path dir = root / "out";
  const auto r = run_cli({"run", kScenario, "--out", dir.string(), "--report"});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(names(dir),
            (std::vector<std::string>{"events.csv", "ledger.csv", "manifest.csv", "report.html", "summary.csv",
                                      "summary_by_side.csv", "tracks.csv", "unit_tracks.csv"}));
  const std::string manifest = slurp(dir / "manifest.csv");
  EXPECT_NE(manifest.find("\nreport.html," + std::to_string(fs::file_size(dir / "report.html")) + "\n"),
            std::string::npos)
      << manifest;
  EXPECT_NE(r.out.find("wrote " + dir.string() + "/report.html ("), std::string::npos) << r.out;
  const std::string page = slurp(dir / "report.html");
  EXPECT_EQ(page.rfind("<!DOCTYPE html>", 0), 0u);
  // Nothing is fetched: Leaflet's images are data: URIs, and the page forbids any other source.
  EXPECT_EQ(page.find("url(images/"), std::string::npos);
  EXPECT_NE(page.find("default-src 'none'"), std::string::npos);
  // The report of the published set is the same page (the zones come from the same scenario).
  const auto again = run_cli({"report", dir.string(), "--scenario", kScenario, "-o", (root / "again.html").string()});
  ASSERT_EQ(again.code, 0) << again.err;
  EXPECT_EQ(slurp(root / "again.html"), page);
  fs::remove_all(root);
}

TEST(ReportCli, ReportBesideARunsSetIsNotPartOfItAndGoesWithTheNextRun) {
  const fs::path root = fresh_root("tankersim_report_cli_beside");
  const fs::path dir = run_set(root);
  const std::string manifest = slurp(dir / "manifest.csv");
  const auto r = run_cli({"report", dir.string()});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(r.err, "");
  const auto size = fs::file_size(dir / "report.html");
  EXPECT_EQ(r.out, "wrote " + dir.string() + "/report.html (" + std::to_string(size) +
                       " bytes: 5 vessel tracks, 7 unit tracks, 235 events, 0 zones, 0 patrols)\n");
  EXPECT_EQ(slurp(dir / "manifest.csv"), manifest);  // the set's own files are untouched
  EXPECT_EQ(names(root), std::vector<std::string>{"out"});
  ASSERT_EQ(run_cli({"run", kScenario, "--out", dir.string()}).code, 0);
  EXPECT_FALSE(fs::exists(dir / "report.html"));
  fs::remove_all(root);
}

TEST(ReportCli, RefusesToOverwriteThePageOfARunReportSet) {
  const fs::path root = fresh_root("tankersim_report_cli_owned");
  const fs::path dir = root / "out";
  ASSERT_EQ(run_cli({"run", kScenario, "--out", dir.string(), "--report"}).code, 0);
  const auto r = run_cli({"report", dir.string()});
  EXPECT_EQ(r.code, kExitBadInput);
  EXPECT_EQ(r.err, "tankersim: cannot write " + dir.string() +
                       "/report.html: it belongs to the output set (its manifest.csv lists it: run --report wrote "
                       "it); choose another file with -o\n");
  fs::remove_all(root);
}

TEST(ReportCli, MissingFolder) {
  const fs::path root = fresh_root("tankersim_report_cli_missing");
  const auto r = run_cli({"report", (root / "nope").string()});
  EXPECT_EQ(r.code, kExitBadInput);
  EXPECT_EQ(r.err, "tankersim: cannot make a report of " + (root / "nope").string() + ": No such file or directory\n");
  EXPECT_EQ(r.out, "");
  fs::remove_all(root);
}

TEST(ReportCli, NotAnOutputFolder) {
  const fs::path root = fresh_root("tankersim_report_cli_foreign");
  std::ofstream(root / "notes.txt") << "mine\n";
  const auto r = run_cli({"report", root.string()});
  EXPECT_EQ(r.code, kExitBadInput);
  EXPECT_EQ(r.err, "tankersim: cannot make a report of " + root.string() +
                       ": it holds no manifest.csv, so it is not a tankersim output folder (make one with 'tankersim "
                       "run SCENARIO --out " +
                       root.string() + "')\n");
  const auto file = run_cli({"report", (root / "notes.txt").string()});
  EXPECT_EQ(file.code, kExitBadInput);
  EXPECT_EQ(file.err, "tankersim: cannot make a report of " + (root / "notes.txt").string() + ": it is not a folder\n");
  EXPECT_EQ(names(root), std::vector<std::string>{"notes.txt"});
  fs::remove_all(root);
}

TEST(ReportCli, ManifestWithoutTracksOrComparison) {
  const fs::path root = fresh_root("tankersim_report_cli_empty_manifest");
  std::ofstream(root / "manifest.csv") << "file,bytes\n";
  const auto r = run_cli({"report", root.string()});
  EXPECT_EQ(r.code, kExitBadInput);
  EXPECT_EQ(r.err, "tankersim: cannot make a report of " + root.string() +
                       ": its manifest.csv lists neither tracks.csv (a run) nor comparison.csv (a comparison)\n");
  fs::remove_all(root);
}

TEST(ReportCli, BadHeaderBadFieldsAndAMissingFile) {
  const fs::path root = fresh_root("tankersim_report_cli_bad_csv");
  const fs::path dir = run_set(root);
  const std::string events = slurp(dir / "events.csv");
  auto expect_refusal = [&](const std::string& message) {
    const auto r = run_cli({"report", dir.string()});
    EXPECT_EQ(r.code, kExitBadInput);
    EXPECT_EQ(r.err, "tankersim: " + message + "\n");
    EXPECT_FALSE(fs::exists(dir / "report.html"));
  };
  std::ofstream(dir / "events.csv") << "time,vessel,what\n2020-01-01T00:00:00Z,a,b\n";
  expect_refusal(dir.string() +
                 "/events.csv:1:1: header: not the header tankersim writes (got 'time,vessel,what'; expected "
                 "'time_utc,vessel,event,actor,lat_deg,lon_deg,detail')");
  std::ofstream(dir / "events.csv") << events << "2020-05-01T00:00:00Z,Fortune,waypoint,,north,-60.0,x\n";
  const std::size_t last_line = static_cast<std::size_t>(std::count(events.begin(), events.end(), '\n')) + 1;
  expect_refusal(dir.string() + "/events.csv:" + std::to_string(last_line) +
                 ":40: lat_deg: not a number (got 'north')");
  std::ofstream(dir / "events.csv") << events << "2020-05-01 00:00,Fortune,waypoint,,1,2,x\n";
  expect_refusal(dir.string() + "/events.csv:" + std::to_string(last_line) +
                 ":1: time_utc: not a UTC time like 2020-05-25T05:00:00Z (got '2020-05-01 00:00')");
  std::ofstream(dir / "events.csv") << events << "2020-05-01T00:00:00Z,Fortune,waypoint\n";
  expect_refusal(dir.string() + "/events.csv:" + std::to_string(last_line) +
                 ":1: row: too few fields (got 3; expected 7)");
  std::ofstream(dir / "events.csv") << events << "2020-05-01T00:00:00Z,Fortune,waypoint,,1,2,\"open\n";
  expect_refusal(dir.string() + "/events.csv:" + std::to_string(last_line) +
                 ":44: row: a quoted field is not closed (got the end of the file)");
  std::ofstream(dir / "events.csv") << events;
  fs::remove(dir / "ledger.csv");
  expect_refusal("cannot read " + dir.string() + "/ledger.csv: No such file or directory");
  fs::remove_all(root);
}

TEST(ReportCli, NamesWithQuotesAndAngleBracketsAreEscaped) {
  const fs::path root = fresh_root("tankersim_report_cli_escape");
  const fs::path dir = run_set(root);
  // A vessel renamed in every file, as a scenario may name one (RFC 4180 quoting for the quote).
  const std::string hostile = "</script><script>window.pwned=1</script> & \"Q\" <!--";
  const std::string quoted = "\"</script><script>window.pwned=1</script> & \"\"Q\"\" <!--\"";
  for (const char* f : {"tracks.csv", "events.csv", "ledger.csv", "summary.csv"}) {
    std::string text = slurp(dir / f);
    for (std::size_t at = text.find("Fortune"); at != std::string::npos; at = text.find("Fortune", at + 1)) {
      text.replace(at, 7, quoted);
    }
    std::ofstream(dir / f) << text;
  }
  const auto r = run_cli({"report", dir.string()});
  ASSERT_EQ(r.code, 0) << r.err;
  const std::string page = slurp(dir / "report.html");
  EXPECT_EQ(page.find("<script>window.pwned"), std::string::npos);
  EXPECT_NE(page.find("\\u003c/script\\u003e\\u003cscript\\u003ewindow.pwned=1\\u003c/script\\u003e \\u0026 "
                      "\\\"Q\\\" \\u003c!--"),
            std::string::npos);
  fs::remove_all(root);
}

TEST(ReportCli, TracksBeyondThePagesLimitAreThinnedKeepingTheirEnds) {
  const fs::path root = fresh_root("tankersim_report_cli_thin");
  // Two vessels of 130,001 rows each: 260,002 points, over the 250,000 a page holds.
  constexpr int kRows = 130001;
  static_assert(2 * kRows > static_cast<int>(report::kMaxTrackPoints));
  {
    std::ofstream t(root / "tracks.csv");
    t << "time_utc,vessel,lat_deg,lon_deg,speed_kn,course_deg,status\n";
    for (int i = 0; i < kRows; ++i) {
      const int s = i % 60, m = i / 60 % 60, h = i / 3600 % 24, d = i / 86400;
      for (const char* v : {"A", "B"}) {
        t << fmt::format("2020-05-{:02}T{:02}:{:02}:{:02}Z,{},10.000000,{:.6f},12.00,90.0,underway\n", 1 + d, h, m, s,
                         v, -60.0 + i * 1e-5);
      }
    }
  }
  std::ofstream(root / "events.csv") << "time_utc,vessel,event,actor,lat_deg,lon_deg,detail\n";
  std::ofstream(root / "ledger.csv") << "time_utc,vessel,from_account,to_account,amount_usd,reason,side\n";
  std::ofstream(root / "summary.csv") << "vessel,fate,departed_utc,arrived_utc,distance_nm,cargo_bbl,cargo_value_usd,"
                                         "delivered_usd,seized_usd,voyage_cost_usd,days_at_sea,mean_speed_kn,"
                                         "fate_utc,fate_by,arrived_at\n";
  std::ofstream(root / "summary_by_side.csv") << "party,role,delivered_usd,seized_usd,costs_usd,lost_usd\n";
  std::ofstream(root / "manifest.csv") << "file,bytes\ntracks.csv,0\n";
  report::ReportCounts counts;
  const std::string page = report::render_report({.read_dir = root.string(), .shown_dir = root.string()}, &counts);
  EXPECT_TRUE(counts.thinned);
  EXPECT_EQ(counts.vessel_tracks, 2u);
  // Every second row (stride 2), the last (row 130,000) among them.
  EXPECT_EQ(counts.track_points, 2u * 65001u);
  EXPECT_NE(page.find("\"thinned\":true"), std::string::npos);
  // The last row of A is kept: its time is 130,000 s after the first.
  EXPECT_NE(page.find(",129998,130000],\"lat\""), std::string::npos);
  fs::remove_all(root);
}

}  // namespace
}  // namespace tankersim::cli
