#pragma once
// Random AIS messages with every field drawn over its whole range, values on the field's grid
// (so encode then decode gives them back exactly) and "not available" one time in eight. Shared
// by the round-trip tests, the reference corpus (ais_corpus.cpp) and the benchmarks.
#include <cstdint>
#include <optional>
#include <string>

#include "tankersim/ais/messages.hpp"
#include "tankersim/random/random.hpp"

namespace tankersim::ais::testing {

class RandomMessages {
 public:
  explicit RandomMessages(std::uint64_t seed) : rng_(seed) {}

  std::uint32_t bits(unsigned n) { return static_cast<std::uint32_t>(rng_.next() >> (64 - n)); }
  std::uint32_t in(std::uint32_t lo, std::uint32_t hi) {
    return lo + static_cast<std::uint32_t>(rng_.next() % (hi - lo + 1));
  }
  bool na() { return bits(3) == 0; }
  bool flag() { return bits(1) != 0; }

  /// An MMSI that is not an auxiliary craft's (98MIDXXXX) unless `auxiliary`.
  std::uint32_t mmsi(bool auxiliary = false) {
    if (auxiliary) return 980'000'000U + in(0, 9'999'999);
    const std::uint32_t m = in(0, (1U << 30) - 1);
    return is_auxiliary_craft(m) ? m - 10'000'000U : m;
  }
  Header header() { return {static_cast<std::uint8_t>(bits(2)), mmsi()}; }
  /// 1/10,000 min steps (or 1/10 min, coarse) within +-limit_deg.
  std::optional<double> coordinate(std::int32_t limit_deg, bool coarse = false) {
    if (na()) return std::nullopt;
    const std::int32_t per_deg = coarse ? 600 : 600'000;
    const std::int32_t max = limit_deg * per_deg;
    return (static_cast<std::int32_t>(in(0, 2U * static_cast<std::uint32_t>(max))) - max) /
           static_cast<double>(per_deg);
  }
  std::optional<double> tenths(std::uint32_t max) {
    if (na()) return std::nullopt;
    return in(0, max) / 10.0;
  }
  std::optional<std::uint16_t> heading() {
    if (na()) return std::nullopt;
    return static_cast<std::uint16_t>(in(0, 359));
  }
  /// Up to `chars` characters of the 6-bit set, without `@` (padding) or a trailing space.
  std::string text(unsigned chars) {
    std::string t(in(0, chars), ' ');
    for (char& c : t) {
      const std::uint32_t code = in(1, 63);
      c = static_cast<char>(code < 32 ? code + 64 : code);
    }
    if (!t.empty() && t.back() == ' ') t.back() = 'Z';
    return t;
  }
  Dimensions dimensions() {
    return {static_cast<std::uint16_t>(bits(9)), static_cast<std::uint16_t>(bits(9)),
            static_cast<std::uint8_t>(bits(6)), static_cast<std::uint8_t>(bits(6))};
  }

  PositionReportA position_a() {
    PositionReportA m;
    m.type = static_cast<std::uint8_t>(in(1, 3));
    m.header = header();
    m.nav_status = static_cast<NavStatus>(bits(4));
    m.rot_indicator = static_cast<std::int8_t>(static_cast<std::int32_t>(bits(8)) - 128);
    m.sog_kn = tenths(1022);
    m.position_accuracy = flag();
    m.lon_deg = coordinate(180);
    m.lat_deg = coordinate(90);
    m.cog_deg = tenths(3599);
    m.heading_deg = heading();
    m.timestamp_s = static_cast<std::uint8_t>(bits(6));
    m.manoeuvre = static_cast<std::uint8_t>(in(0, 2));
    m.spare = static_cast<std::uint8_t>(bits(3));
    m.raim = flag();
    m.radio_status = bits(19);
    return m;
  }
  StaticVoyage static_voyage() {
    StaticVoyage m;
    m.header = header();
    m.ais_version = static_cast<std::uint8_t>(bits(2));
    m.imo = bits(30);
    m.call_sign = text(7);
    m.name = text(20);
    m.ship_type = static_cast<std::uint8_t>(bits(8));
    m.dimensions = dimensions();
    m.epfd = static_cast<Epfd>(bits(4));
    m.eta = {static_cast<std::uint8_t>(in(0, 12)), static_cast<std::uint8_t>(in(0, 31)),
             static_cast<std::uint8_t>(in(0, 24)), static_cast<std::uint8_t>(in(0, 60))};
    if (!na()) m.draught_m = in(1, 255) / 10.0;
    m.destination = text(20);
    m.dte_not_ready = flag();
    m.spare = flag();
    return m;
  }
  template <class B>
  void b_position(B& m) {
    m.header = header();
    m.reserved = static_cast<std::uint8_t>(bits(8));
    m.sog_kn = tenths(1022);
    m.position_accuracy = flag();
    m.lon_deg = coordinate(180);
    m.lat_deg = coordinate(90);
    m.cog_deg = tenths(3599);
    m.heading_deg = heading();
    m.timestamp_s = static_cast<std::uint8_t>(bits(6));
  }
  PositionReportB position_b() {
    PositionReportB m;
    b_position(m);
    m.regional = static_cast<std::uint8_t>(bits(2));
    m.cs_unit = flag();
    m.has_display = flag();
    m.has_dsc = flag();
    m.whole_band = flag();
    m.accepts_message_22 = flag();
    m.assigned = flag();
    m.raim = flag();
    m.itdma = flag();
    m.radio_status = bits(19);
    return m;
  }
  ExtendedReportB extended_b() {
    ExtendedReportB m;
    b_position(m);
    m.regional = static_cast<std::uint8_t>(bits(4));
    m.name = text(20);
    m.ship_type = static_cast<std::uint8_t>(bits(8));
    m.dimensions = dimensions();
    m.epfd = static_cast<Epfd>(bits(4));
    m.raim = flag();
    m.dte_not_ready = flag();
    m.assigned = flag();
    m.spare = static_cast<std::uint8_t>(bits(4));
    return m;
  }
  StaticReportA static_a() { return {header(), text(20)}; }
  StaticReportB static_b(bool auxiliary = false) {
    StaticReportB m;
    m.header = {static_cast<std::uint8_t>(bits(2)), mmsi(auxiliary)};
    m.ship_type = static_cast<std::uint8_t>(bits(8));
    m.vendor_id = text(3);
    m.unit_model = static_cast<std::uint8_t>(bits(4));
    m.serial_number = bits(20);
    m.call_sign = text(7);
    if (auxiliary) {
      m.mothership_mmsi = bits(30);
    } else {
      m.dimensions = dimensions();
    }
    m.spare = static_cast<std::uint8_t>(bits(6));
    return m;
  }
  LongRangeReport long_range() {
    LongRangeReport m;
    m.header = header();
    m.position_accuracy = flag();
    m.raim = flag();
    m.nav_status = static_cast<NavStatus>(bits(4));
    m.lon_deg = coordinate(180, true);
    m.lat_deg = coordinate(90, true);
    if (!na()) m.sog_kn = static_cast<std::uint8_t>(in(0, 62));
    if (!na()) m.cog_deg = static_cast<std::uint16_t>(in(0, 359));
    m.position_latency = flag();
    m.spare = flag();
    return m;
  }
  /// Any of the seven kinds, in turn by `k`.
  Message any(std::uint64_t k) {
    switch (k % 7) {
      case 0: return position_a();
      case 1: return static_voyage();
      case 2: return position_b();
      case 3: return extended_b();
      case 4: return static_a();
      case 5: return static_b(bits(4) == 0);
      default: return long_range();
    }
  }

 private:
  random::SplitMix64 rng_;
};

}  // namespace tankersim::ais::testing
