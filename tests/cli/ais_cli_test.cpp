// `tankersim ais decode` as a user runs it: the CSV, the summary of drops, exit codes and messages.
#include <gtest/gtest.h>

#include <charconv>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <limits>
#include <random>

#include "cli/ais_command.hpp"
#include "support/cli.hpp"
#include "support/files.hpp"
#include "tankersim/ais/sentence.hpp"

namespace tankersim {
namespace {

using test::run_cli;

// gpsd's example sentence (AIVDM.adoc) behind a tag block of receive time and source.
std::string tagged_example() {
  char hex[3];
  std::snprintf(hex, sizeof hex, "%02X", ais::nmea_checksum("c:1590969600,s:rx"));
  return std::string("\\c:1590969600,s:rx*") + hex + "\\!AIVDM,1,1,,B,177KQJ5000G?tO`K>RA1wUbN0TKH,0*5C";
}

std::vector<std::string> type5_fragments() {
  ais::StaticVoyage v;
  v.header.mmsi = 422000001;
  v.name = "STAR, \"NORTH\"";
  v.ship_type = 84;
  v.draught_m = 21.5;
  v.destination = "LA GUAIRA";
  v.eta = {5, 25, 14, 30};
  return ais::SentenceEncoder().encode(v);
}

TEST(AisCli, DecodesToCsvAndCountsDrops) {
  const auto root = test::fresh_root("tankersim_ais_cli_");
  const auto v = type5_fragments();
  {
    std::ofstream f(root / "feed.nmea");
    f << tagged_example() << "\r\n"
      << "!AIVDM,1,1,,B,177KQJ5000G?tO`K>RA1wUbN0TKH,0*5D\n"  // bad checksum
      << v[1] << "\n"                                         // second fragment before its first
      << v[0] << "\n"
      << v[1] << "\n"
      << "hello\n"
      << v[0] << "\n";  // never completed
  }
  const auto r = run_cli({"ais", "decode", (root / "feed.nmea").string()});
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(r.err,
            "tankersim ais decode: lines 7, messages 2, lines in messages 3, dropped 4: malformed 1, bad_checksum 1, "
            "orphan_fragment 2\n");
  std::istringstream csv(r.out);
  std::string header, row1, row2, extra;
  std::getline(csv, header);
  std::getline(csv, row1);
  std::getline(csv, row2);
  EXPECT_FALSE(std::getline(csv, extra));
  EXPECT_EQ(header.substr(0, 62), "receive_time_unix_s,source,talker,channel,type,repeat,mmsi,nav");
  EXPECT_EQ(std::count(header.begin(), header.end(), ','), 52);
  // -73,407,500 and 28,549,700 in 1/10,000 min (codec_test.cpp) to 7 decimals; COG 51.0 deg.
  EXPECT_EQ(row1,
            "1590969600,rx,AI,B,1,0,477553000,5,0,0.000,0.0,0,-122.3458333,47.5828333,51.0,181,15,0,0,149208"
            ",,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,0");
  // The name's comma and quotes are quoted (RFC 4180); draught 21.5 m; no tag block, channel A.
  EXPECT_EQ(row2,
            ",,AI,A,5,0,422000001,,,,,,,,,,,,,,,,,,,,,,,0,0,,\"STAR, \"\"NORTH\"\"\",84,0,0,0,0,0,5,25,14,30,21.5,"
            "LA GUAIRA,1,,,,,,,0");
}

// 24A and 24B are separate messages: each is its own row, wherever its other part is, and the
// summary counts the parts whose other part never came from the same MMSI.
TEST(AisCli, StaticReportPartsApartAreRowsAndCountedWhenAlone) {
  ais::SentenceEncoder enc;
  const auto a = [](std::uint32_t mmsi) { return ais::StaticReportA{{0, mmsi}, "NAME " + std::to_string(mmsi)}; };
  const auto b = [](std::uint32_t mmsi) {
    ais::StaticReportB m;
    m.header.mmsi = mmsi;
    m.call_sign = "C" + std::to_string(mmsi);
    return m;
  };
  ais::PositionReportA between;
  between.header.mmsi = 9;
  std::string feed;
  // MMSI 1: A, then its B four messages later; 5: B before A; 2: an A alone; 4: two As alone;
  // 3: a B alone.
  for (const ais::Message& m :
       std::vector<ais::Message>{a(1), between, a(2), b(5), between, b(1), a(4), b(3), a(4), a(5)}) {
    for (const auto& line : enc.encode(m)) feed += line + "\n";
  }
  const auto r = run_cli({"ais", "decode", "-"}, feed);
  EXPECT_EQ(r.code, 0);
  EXPECT_EQ(r.err,
            "tankersim ais decode: lines 10, messages 10, lines in messages 10, dropped 0\n"
            "tankersim ais decode: type 24 parts A 5, B 3; A without a B from its MMSI 3, B without an A 1\n");
  EXPECT_EQ(std::count(r.out.begin(), r.out.end(), '\n'), 11);
  EXPECT_NE(r.out.find(",,AI,A,24,0,1,,,,,,,,,,,,,,,,,,,,,,,,,,NAME 1,,,,,,,,,,,,,,A,"), std::string::npos);
  EXPECT_NE(r.out.find(",,AI,A,24,0,1,,,,,,,,,,,,,,,,,,,,,,,,,C1,,0,0,0,0,0,,,,,,,,,B,"), std::string::npos);
  // Without type 24, no second line.
  EXPECT_EQ(run_cli({"ais", "decode", "-"}, tagged_example() + "\n").err.find("type 24"), std::string::npos);
}

TEST(AisCli, StandardInputAndEmptyFeed) {
  auto r = run_cli({"ais", "decode", "-"}, tagged_example() + "\n");
  EXPECT_EQ(r.code, 0);
  EXPECT_EQ(r.err, "tankersim ais decode: lines 1, messages 1, lines in messages 1, dropped 0\n");
  EXPECT_EQ(std::count(r.out.begin(), r.out.end(), '\n'), 2);
  r = run_cli({"ais", "decode", "-"}, "");
  EXPECT_EQ(r.code, 0);
  EXPECT_EQ(r.err, "tankersim ais decode: lines 0, messages 0, lines in messages 0, dropped 0\n");
}

TEST(AisCli, LongLinesAndNoFinalNewline) {
  // 3 MB without a newline is one line, too long; the last line needs no newline.
  const std::string input = std::string(3'000'000, 'x') + "\n" + tagged_example();
  const auto r = run_cli({"ais", "decode", "-"}, input);
  EXPECT_EQ(r.code, 0);
  EXPECT_EQ(r.err, "tankersim ais decode: lines 2, messages 1, lines in messages 1, dropped 1: too_long 1\n");
}

TEST(AisCli, UnreadableFileAndBadUsageExitTwo) {
  const auto root = test::fresh_root("tankersim_ais_cli_");
  {
    std::ofstream f(root / "ok.nmea");
    f << tagged_example() << "\n";
  }
  const std::string missing = (root / "missing.nmea").string();
  auto r = run_cli({"ais", "decode", (root / "ok.nmea").string(), missing});
  EXPECT_EQ(r.code, 2);
  EXPECT_EQ(r.out, "");  // files are opened before anything is written
  EXPECT_EQ(r.err, "tankersim: ais decode: cannot read " + missing + ": No such file or directory\n");
  r = run_cli({"ais", "decode"});
  EXPECT_EQ(r.code, 2);
  EXPECT_EQ(r.err, "tankersim: files is required\nRun 'tankersim --help' for usage.\n");
  r = run_cli({"ais"});
  EXPECT_EQ(r.code, 2);
  EXPECT_EQ(r.err, "tankersim: A subcommand is required\nRun 'tankersim --help' for usage.\n");
}

// The CSV's fixed-point numbers are written by a formatter of its own; it must give exactly what
// std::to_chars gives, on the values the decoder makes and on any other double.
TEST(AisCli, FixedFormatterMatchesToChars) {
  const auto same = [](double v, int decimals) {
    char want[400];
    char got[400];
    const auto want_end = std::to_chars(want, want + sizeof want, v, std::chars_format::fixed, decimals).ptr;
    const auto got_end = cli::put_fixed(got, v, decimals);
    return std::string(want, want_end) == std::string(got, got_end);
  };
  std::mt19937_64 rng(5);
  for (int k = 0; k < 200000; ++k) {
    const auto raw = static_cast<std::int32_t>(rng() % (2 * 108'000'000U)) - 108'000'000;
    ASSERT_TRUE(same(raw / 600'000.0, 7)) << raw;             // positions
    ASSERT_TRUE(same((raw % 4096 + 4096) / 10.0, 1)) << raw;  // SOG, COG, draught
    const double root = static_cast<std::int8_t>(rng()) / 4.733;
    ASSERT_TRUE(same(std::copysign(root * root, root), 3)) << root;  // rate of turn
    const double any = std::ldexp(static_cast<double>(rng() >> 11), static_cast<int>(rng() % 80) - 60);
    for (int d = 0; d <= 7; ++d) ASSERT_TRUE(same(k % 2 == 0 ? any : -any, d)) << any << " " << d;
  }
  const double inf = std::numeric_limits<double>::infinity();
  for (const double v : {0.0,       -0.0, 0.5,  1.5,   2.5,    -2.5,  0.125,  0.05, 0.15, -1e-9,       1e-300,
                         999999.95, 1e11, 1e12, -1e12, 4.5e15, 1e300, -1e308, inf,  -inf, std::nan("")}) {
    for (int d = 0; d <= 7; ++d) EXPECT_TRUE(same(v, d)) << v << " " << d;
  }
}

}  // namespace
}  // namespace tankersim
