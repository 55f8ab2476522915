// AIS codec speed: sentences encoded and decoded per second on one core (docs/performance.md).
// Encoding is message -> payload -> `!AIVDM` sentence strings; decoding is line -> parse ->
// checksum -> reassembly -> message, through Reassembler::push as a feed decoder would use it.
#include <benchmark/benchmark.h>

#include <vector>

#include "ais/random_messages.hpp"
#include "tankersim/ais/reassembler.hpp"

namespace {

using namespace tankersim::ais;

std::vector<Message> messages(bool static_voyage) {
  testing::RandomMessages gen(2026);
  std::vector<Message> out;
  for (int k = 0; k < 1024; ++k)
    out.push_back(static_voyage ? Message{gen.static_voyage()} : Message{gen.position_a()});
  return out;
}

void encode_bench(benchmark::State& state, bool static_voyage) {
  const auto ms = messages(static_voyage);
  SentenceEncoder enc;
  std::vector<std::string> lines;
  std::size_t k = 0;
  std::int64_t sentences = 0;
  for (auto _ : state) {
    lines.clear();
    enc.encode(ms[k++ & 1023], lines);
    sentences += static_cast<std::int64_t>(lines.size());
    benchmark::DoNotOptimize(lines.data());
  }
  state.SetItemsProcessed(sentences);
  state.SetLabel("items = sentences");
}

void decode_bench(benchmark::State& state, bool static_voyage) {
  SentenceEncoder enc;
  std::vector<std::string> lines;
  for (const Message& m : messages(static_voyage)) enc.encode(m, lines);
  Reassembler r;
  std::size_t k = 0;
  for (auto _ : state) {
    auto got = r.push(lines[k]);
    benchmark::DoNotOptimize(got);
    if (++k == lines.size()) k = 0;
  }
  state.SetItemsProcessed(state.iterations());
  state.SetLabel("items = sentences");
  if (state.iterations() > 1 && r.messages() == 0) state.SkipWithError("nothing decoded");
}

void BM_AisEncodeType1(benchmark::State& state) { encode_bench(state, false); }
void BM_AisEncodeType5(benchmark::State& state) { encode_bench(state, true); }
void BM_AisDecodeType1(benchmark::State& state) { decode_bench(state, false); }
void BM_AisDecodeType5(benchmark::State& state) { decode_bench(state, true); }
BENCHMARK(BM_AisEncodeType1);
BENCHMARK(BM_AisEncodeType5);
BENCHMARK(BM_AisDecodeType1);
BENCHMARK(BM_AisDecodeType5);

}  // namespace
