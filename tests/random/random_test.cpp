#include "tankersim/random/random.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <set>

namespace tankersim::random {
namespace {

TEST(SplitMix64, PublishedReferenceOutputs) {
  // Rosetta Code, "Pseudo-random numbers/Splitmix64": seed 1234567.
  SplitMix64 g(1234567);
  EXPECT_EQ(g.next(), 6457827717110365317ULL);
  EXPECT_EQ(g.next(), 3203168211198807973ULL);
  EXPECT_EQ(g.next(), 9817491932198370423ULL);
  EXPECT_EQ(g.next(), 4593380528125082431ULL);
  EXPECT_EQ(g.next(), 16408922859458223821ULL);
  EXPECT_EQ(SplitMix64(0).next(), 0xE220A8397B1DCDAFULL);  // splitmix64.c, seed 0
}

TEST(PurposeId, FnvReferenceValues) {
  // FNV-1a 64-bit reference values (Fowler/Noll/Vo test suite).
  EXPECT_EQ(purpose_id(""), 0xCBF29CE484222325ULL);
  EXPECT_EQ(purpose_id("a"), 0xAF63DC4C8601EC8CULL);
  EXPECT_EQ(purpose_id("foobar"), 0x85944171F73967E8ULL);
}

TEST(Stream, SameCoordinatesSameDraws_AnyChangeAnotherStream) {
  Stream a(42, 3, 7, purpose_id("detection"));
  Stream b(42, 3, 7, purpose_id("detection"));
  for (int i = 0; i < 1000; ++i) ASSERT_EQ(a.next_u64(), b.next_u64());
  std::set<std::uint64_t> firsts;
  for (std::uint64_t seed : {42ULL, 43ULL}) {
    for (std::uint64_t rep : {0ULL, 1ULL, 2ULL}) {
      for (std::uint64_t agent : {0ULL, 1ULL, 2ULL}) {
        for (std::uint64_t purpose : {purpose_id("detection"), purpose_id("boarding")}) {
          firsts.insert(Stream(seed, rep, agent, purpose).next_u64());
        }
      }
    }
  }
  EXPECT_EQ(firsts.size(), 36U);
  EXPECT_NE(Stream::key(1, 2, 0, 0), Stream::key(2, 1, 0, 0));  // order matters
  EXPECT_NE(Stream::key(0, 1, 2, 0), Stream::key(0, 2, 1, 0));
}

TEST(Stream, UniformIsUniformEnough) {
  // 10^6 draws: mean 1/2 and variance 1/12 within 5 standard errors; ten equal bins within 5
  // sigma of 10^5 each (fixed seed, so the test is deterministic).
  Stream s(2020, 0, 0, purpose_id("test"));
  const int n = 1000000;
  double sum = 0.0, sum2 = 0.0;
  int bins[10] = {};
  for (int i = 0; i < n; ++i) {
    const double u = s.uniform();
    ASSERT_GE(u, 0.0);
    ASSERT_LT(u, 1.0);
    sum += u;
    sum2 += u * u;
    ++bins[static_cast<int>(u * 10)];
  }
  const double mean = sum / n;
  EXPECT_NEAR(mean, 0.5, 5 * std::sqrt(1.0 / 12.0 / n));
  EXPECT_NEAR(sum2 / n - mean * mean, 1.0 / 12.0, 5 * 0.0745 / std::sqrt(n));
  for (int b : bins) EXPECT_NEAR(b, n / 10, 5 * std::sqrt(n * 0.1 * 0.9));
}

TEST(Stream, BernoulliEdgesAndRate) {
  Stream s(1, 0, 0, 0);
  int hits = 0;
  for (int i = 0; i < 100000; ++i) {
    EXPECT_FALSE(s.bernoulli(0.0));
    EXPECT_TRUE(s.bernoulli(1.0));
    hits += s.bernoulli(0.3);
  }
  EXPECT_NEAR(hits, 30000, 5 * std::sqrt(100000 * 0.3 * 0.7));
}

TEST(Stream, UniformAtIsTheNthDrawOfAFreshStream) {
  const Stream fresh(7, 3, purpose_id("agent"), purpose_id("reception"));
  Stream drawn = fresh;
  for (std::uint64_t n = 0; n < 1000; ++n) EXPECT_EQ(fresh.uniform_at(n), drawn.uniform()) << n;
  EXPECT_EQ(SplitMix64(0).at(0), 0xE220A8397B1DCDAFULL);  // splitmix64.c, seed 0
}

}  // namespace
}  // namespace tankersim::random
