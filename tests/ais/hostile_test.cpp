// Hostile input: random bytes, truncated, garbled and shuffled sentences. Nothing crashes (run
// under the asan preset too), and every line is accounted for: returned as (part of) a message,
// counted as dropped by cause, or held as a pending fragment.
#include <gtest/gtest.h>

#include <numeric>

#include "ais/bits.hpp"
#include "ais/random_messages.hpp"
#include "tankersim/ais/reassembler.hpp"

namespace tankersim::ais {
namespace {

struct Tally {
  Reassembler r;
  std::uint64_t lines = 0;
  std::uint64_t message_lines = 0;
  void push(std::string_view line) {
    ++lines;
    if (const auto got = r.push(line)) message_lines += got->fragments;
  }
  void expect_accounted() const {
    const auto& d = r.drops();
    const std::uint64_t dropped = std::accumulate(d.begin(), d.end(), std::uint64_t{0});
    EXPECT_EQ(message_lines + dropped + r.pending_fragments(), lines);
  }
};

std::vector<std::string> corpus(std::uint64_t seed, std::size_t messages) {
  testing::RandomMessages gen(seed);
  SentenceOptions o;
  o.tag_block = TagBlock{1590969600, "rx", ""};
  SentenceEncoder enc(o);
  std::vector<std::string> lines;
  for (std::size_t k = 0; k < messages; ++k) enc.encode(gen.any(k), lines);
  return lines;
}

TEST(AisHostile, CleanCorpusDecodesCompletely) {
  Tally t;
  const auto lines = corpus(1, 7000);
  for (const auto& l : lines) t.push(l);
  EXPECT_EQ(t.r.messages(), 7000U);
  EXPECT_EQ(t.message_lines, lines.size());
  t.expect_accounted();
}

TEST(AisHostile, RandomBytes) {
  random::SplitMix64 rng(42);
  Tally t;
  for (int k = 0; k < 20000; ++k) {
    std::string line(rng.next() % 120, '\0');
    for (char& c : line) c = static_cast<char>(rng.next());
    if (k % 2 == 0 && !line.empty()) line[0] = '!';
    t.push(line);
  }
  t.expect_accounted();
}

TEST(AisHostile, TruncatedGarbledShuffled) {
  random::SplitMix64 rng(7);
  auto lines = corpus(2, 7000);
  for (auto& l : lines) {
    switch (rng.next() % 5) {
      case 0: l.resize(rng.next() % (l.size() + 1)); break;                     // truncated
      case 1: l[rng.next() % l.size()] = static_cast<char>(rng.next()); break;  // one byte garbled
      case 2: l.insert(rng.next() % l.size(), 1, ','); break;
      default: break;
    }
  }
  for (std::size_t i = lines.size(); i > 1; --i) std::swap(lines[i - 1], lines[rng.next() % i]);  // shuffled
  Tally t;
  for (const auto& l : lines) t.push(l);
  t.expect_accounted();
  EXPECT_GT(t.r.messages(), 1000U);
  EXPECT_GT(t.r.drops(DropCause::orphan_fragment), 0U);
  EXPECT_GT(t.r.drops(DropCause::bad_checksum), 0U);
  EXPECT_GT(t.r.drops(DropCause::malformed), 0U);
  // Payloads garbled with a good checksum: the decoder alone on random armoured text.
  for (int k = 0; k < 20000; ++k) {
    std::string payload(rng.next() % 80, '0');
    for (char& c : payload) c = bits::armour(static_cast<unsigned>(rng.next() % 64));
    (void)decode(payload, static_cast<unsigned>(rng.next() % 8));
  }
}

}  // namespace
}  // namespace tankersim::ais
