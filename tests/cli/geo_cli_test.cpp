// `tankersim geo` as a user runs it: exact messages and exit codes.
#include <gtest/gtest.h>

#include <sstream>

#include "cli/cli.hpp"

namespace tankersim::cli {
namespace {

struct Result {
  int code;
  std::string out;
  std::string err;
};

Result run_cli(std::vector<std::string> args, const std::string& input = "") {
  std::istringstream in(input);
  std::ostringstream out, err;
  const int code = run(args, in, out, err);
  return {code, out.str(), err.str()};
}

TEST(GeoCli, InverseOnTheSphere) {
  // GeodSolve -i -e 6371008.8 0 -p 9: 90 0 -30 45 -> 135 180 13343409.628023949
  const Result r = run_cli({"geo", "inverse", "90", "0", "-30", "45"});
  EXPECT_EQ(r.code, 0) << r.err;
  std::istringstream fields(r.out);
  double dist = 0, azi1 = 0, azi2 = 0;
  fields >> dist >> azi1 >> azi2;
  EXPECT_NEAR(dist, 13343409.628023949, 1e-8);  // within 1 ulp of the double
  EXPECT_EQ(r.out.substr(r.out.find(' ')), " 135.000000000000 180.000000000000\n");
}

TEST(GeoCli, InverseOnWgs84) {
  const Result r = run_cli({"geo", "inverse", "40.6", "-73.8", "51.6", "-0.5", "--earth", "wgs84"});
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(r.out.substr(0, 11), "5551759.400");
}

TEST(GeoCli, Direct) {
  const Result r = run_cli({"geo", "direct", "0", "0", "90", "1111950.8023353291"});
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(r.out.substr(0, 30), "0.000000000000 10.000000000000");
}

TEST(GeoCli, BadNumbersExitTwoWithTheValueAndWhatIsAllowed) {
  const std::vector<std::pair<std::vector<std::string>, std::string>> cases = {
      {{"geo", "inverse", "91", "0", "0", "0"},
       "tankersim geo: latitude 91 is out of range (allowed: -90 to 90 degrees)\n"},
      {{"geo", "inverse", "nan", "0", "0", "0"}, "tankersim geo: latitude 'nan' is not a finite number\n"},
      {{"geo", "inverse", "0", "inf", "0", "0"}, "tankersim geo: longitude 'inf' is not a finite number\n"},
      {{"geo", "inverse", "0", "0", "abc", "0"}, "tankersim geo: latitude 'abc' is not a number\n"},
      {{"geo", "inverse", "0", "0", "1"}, "tankersim geo: expected 4 numbers (LAT1 LON1 LAT2 LON2), got 3\n"},
      {{"geo", "direct", "0", "0", "45", "1e999"},
       "tankersim geo: distance '1e999' is out of range (allowed: -1000000000 to 1000000000 metres)\n"},
      {{"geo", "direct", "0", "0", "45", "12km"}, "tankersim geo: distance '12km' is not a number\n"},
      {{"geo", "inverse", "0", "600", "0", "0"},
       "tankersim geo: longitude 600 is out of range (allowed: -540 to 540 degrees)\n"},
  };
  for (const auto& [args, message] : cases) {
    const Result r = run_cli(args);
    EXPECT_EQ(r.code, 2) << args[2];
    EXPECT_EQ(r.err, message);
    EXPECT_EQ(r.out, "");
  }
}

TEST(GeoCli, StandardInputOneAnswerPerLineInOrder) {
  const Result r = run_cli({"geo", "inverse"}, "0 0 0 0\n91 0 0 0\n\n0 0 0 180\n");
  EXPECT_EQ(r.code, 2);
  EXPECT_EQ(r.out,
            "0.000000000 0.000000000000 0.000000000000\n"
            "ERROR: latitude 91 is out of range (allowed: -90 to 90 degrees)\n"
            "ERROR: expected 4 numbers (LAT1 LON1 LAT2 LON2), got 0\n"
            "20015114.442035925 0.000000000000 180.000000000000\n");
  EXPECT_EQ(r.err,
            "tankersim geo: <stdin>:2: latitude 91 is out of range (allowed: -90 to 90 degrees)\n"
            "tankersim geo: <stdin>:3: expected 4 numbers (LAT1 LON1 LAT2 LON2), got 0\n");
}

TEST(GeoCli, StandardInputAllGoodExitsZero) {
  const Result r = run_cli({"geo", "direct", "--earth", "wgs84"}, "0 0 90 1000\n10 10 0 0\n");
  EXPECT_EQ(r.code, 0);
  EXPECT_EQ(std::count(r.out.begin(), r.out.end(), '\n'), 2);
}

TEST(Cli, HelpShowsUsageWithAnExample) {
  for (const std::vector<std::string>& args : {std::vector<std::string>{"--help"},
                                               {"geo", "--help"},
                                               {"geo", "inverse", "--help"},
                                               {"geo", "direct", "--help"}}) {
    const Result r = run_cli(args);
    EXPECT_EQ(r.code, 0);
    EXPECT_NE(r.out.find("Usage"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("Example"), std::string::npos) << r.out;
  }
}

TEST(Cli, UsageErrorsExitTwo) {
  EXPECT_EQ(run_cli({}).code, 2);
  EXPECT_EQ(run_cli({"sail"}).code, 2);
  const Result r = run_cli({"geo", "inverse", "0", "0", "0", "0", "--earth", "mars"});
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("mars"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace tankersim::cli
