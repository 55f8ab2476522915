#pragma once
// Randomness (docs/architecture.md, "Same inputs, same bytes"; docs/model.md, "Randomness"): one scenario seed in,
// independent streams out, one per (replication, agent, purpose), so that a result depends on the seed alone, not on
// thread count, agent order or platform. The generator and the distributions are written here because <random>'s
// distributions differ between standard libraries.
//
// Generator: SplitMix64 (Steele, Lea and Flood 2014, "Fast splittable pseudorandom number
// generators", OOPSLA; passes BigCrush), checked against its published outputs. A stream's state
// starts at a key mixed from its four coordinates, so streams are far-apart offsets of the same
// 2^64 cycle: two streams of a million draws each overlap with probability ~1e-7.
#include <cstdint>
#include <string_view>

namespace tankersim::random {

/// SplitMix64's output function: a bijective 64-bit mix.
constexpr std::uint64_t mix64(std::uint64_t z) {
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

class SplitMix64 {
 public:
  explicit constexpr SplitMix64(std::uint64_t seed) : state_(seed) {}
  constexpr std::uint64_t next() {
    state_ += 0x9E3779B97F4A7C15ULL;
    return mix64(state_);
  }
  /// The output the n-th call of next() returns (n from 0), without making the calls before it:
  /// the state only ever advances by the same constant.
  constexpr std::uint64_t at(std::uint64_t n) const { return mix64(state_ + (n + 1) * 0x9E3779B97F4A7C15ULL); }

 private:
  std::uint64_t state_;
};

/// FNV-1a of a name, for purposes given as text ("detection", "boarding").
constexpr std::uint64_t purpose_id(std::string_view name) {
  std::uint64_t h = 0xCBF29CE484222325ULL;
  for (const char c : name) {
    h ^= static_cast<unsigned char>(c);
    h *= 0x100000001B3ULL;
  }
  return h;
}

/// A stream of draws for one (seed, replication, agent, purpose). Common random numbers across
/// variants come for free: the same coordinates give the same stream in every variant.
class Stream {
 public:
  constexpr Stream(std::uint64_t seed, std::uint64_t replication, std::uint64_t agent, std::uint64_t purpose)
      : gen_(key(seed, replication, agent, purpose)) {}

  constexpr std::uint64_t next_u64() { return gen_.next(); }
  /// Uniform in [0, 1), 53 random bits.
  constexpr double uniform() { return static_cast<double>(gen_.next() >> 11) * 0x1.0p-53; }
  /// True with probability p (p <= 0: never; p >= 1: always).
  constexpr bool bernoulli(double p) { return uniform() < p; }
  /// The n-th draw of uniform() on a fresh stream of these coordinates (n from 0), in O(1) and
  /// without changing the stream: for draws tied to an event's index rather than to the order
  /// in which they are made (an AIS message's reception, drawn by the sense phase and again by
  /// the AIS outputs).
  constexpr double uniform_at(std::uint64_t n) const { return static_cast<double>(gen_.at(n) >> 11) * 0x1.0p-53; }

  /// The stream's starting state: each coordinate is folded in through the mix, so that
  /// (1, 2) and (2, 1) give unrelated streams.
  static constexpr std::uint64_t key(std::uint64_t seed, std::uint64_t replication, std::uint64_t agent,
                                     std::uint64_t purpose) {
    std::uint64_t k = mix64(seed ^ 0x243F6A8885A308D3ULL);
    k = mix64(k ^ replication);
    k = mix64((k + 0x9E3779B97F4A7C15ULL) ^ agent);
    return mix64(k ^ purpose);
  }

 private:
  SplitMix64 gen_;
};

}  // namespace tankersim::random
