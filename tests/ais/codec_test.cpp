// The AIS codec: payload bits, hand-worked payloads, round trips of every message type.
#include <gtest/gtest.h>

#include <cmath>

#include "ais/bits.hpp"
#include "ais/random_messages.hpp"
#include "tankersim/ais/payload.hpp"

namespace tankersim::ais {
namespace {

template <class T>
T decode_as(const Payload& p) {
  const Decoded d = decode(p.chars, p.fill_bits);
  EXPECT_TRUE(d.ok()) << to_string(d.error);
  EXPECT_TRUE(std::holds_alternative<T>(d.message));
  return std::holds_alternative<T>(d.message) ? std::get<T>(d.message) : T{};
}
template <class T>
void expect_round_trip(const T& m) {
  const Payload p = encode(m);
  EXPECT_EQ(decode_as<T>(p), m) << p.chars;
}

// gpsd's AIVDM.adoc uses this sentence as its worked example of a type 1 report:
// !AIVDM,1,1,,B,177KQJ5000G?tO`K>RA1wUbN0TKH,0*5C. Worked by hand from table 45 of M.1371-5:
// '1' is 49 - 48 = 1 = 000001: type 1. The next six characters '7','7','K','Q','J','5' are
// 55-48 = 7, 7, 75-48 = 27, 81-48 = 33, 74-48 = 26, 53-48 = 5 (all below 40, so nothing more
// to subtract): 000111 000111 011011 100001 011010 000101. Bits 6-7 (00) are the repeat
// indicator, bits 8-37 the MMSI 011100011101101110000101101000 = 477,553,000, bits 38-41 the
// status 0101 = 5, moored.
// Longitude bits 61-88 read 1011100111111110001111110100, negative in 28-bit two's complement:
// -73,407,500 / 600,000 = -122.345833 deg; latitude 28,549,700 / 600,000 = 47.582833 deg;
// COG 510 = 51.0 deg, heading 181, second 15; gpsd and libais decode the same values.
TEST(AisPayload, GpsdExampleTypeOneDecodesToItsFields) {
  const Decoded d = decode("177KQJ5000G?tO`K>RA1wUbN0TKH", 0);
  ASSERT_TRUE(d.ok());
  const auto& m = std::get<PositionReportA>(d.message);
  EXPECT_EQ(m.type, 1);
  EXPECT_EQ(m.header.mmsi, 477553000U);
  EXPECT_EQ(m.nav_status, NavStatus::moored);
  EXPECT_EQ(m.rot_indicator, 0);
  EXPECT_EQ(m.sog_kn, 0.0);
  EXPECT_EQ(m.lon_deg, -73407500 / 600000.0);
  EXPECT_EQ(m.lat_deg, 28549700 / 600000.0);
  EXPECT_EQ(m.cog_deg, 51.0);
  EXPECT_EQ(m.heading_deg, 181);
  EXPECT_EQ(m.timestamp_s, 15);
  EXPECT_EQ(m.radio_status, 149208U);
  EXPECT_EQ(encode(m).chars, "177KQJ5000G?tO`K>RA1wUbN0TKH");
}

// A type 27 with every value "not available", worked from table 85 (96 bits, 16 characters):
// type 27 = 011011 -> 27 + 48 = 'K'; repeat 00 and MMSI 0 fill bits 6-35: "00000";
// bits 36-41 = MMSI's last 2 bits 00, accuracy 0, RAIM 0, status 15's first two bits 11 ->
// 000011 = 3 -> '3'. Longitude N/A is 181 * 600 = 108,600 = 011010100000111000 (18 bits),
// latitude N/A 91 * 600 = 54,600 = 01101010101001000 (17 bits), SOG 63 = 111111, COG 511 =
// 111111111, latency 0, spare 0. Regrouped by six: 11|0110 = 54 -> 54 - 40 + 96 = 'n';
// 101000 = 40 -> '`'; 001110 = 14 -> '>'; 00|0110 = 6 -> '6'; 101010 = 42 -> 'b';
// 100100 = 36 -> 'T'; 0|11111 = 31 -> 'O'; 1|11111 = 63 -> 'w'; 1111|00 = 60 -> 't'.
TEST(AisPayload, HandWorkedLongRangeAllNotAvailable) {
  LongRangeReport m;
  const Payload p = encode(m);
  EXPECT_EQ(p.chars, "K000003n`>6bTOwt");
  EXPECT_EQ(p.fill_bits, 0);
  EXPECT_EQ(decode_as<LongRangeReport>(p), m);
}

// Type 27 as many transmitters send it: the whole 168-bit slot, the 72 bits after the message
// zero. It decodes as the 96 bits do; lengths between the two do not.
TEST(AisPayload, LongRangeInAWholeSlot) {
  LongRangeReport m;
  m.header.mmsi = 206914217;
  m.lon_deg = 137.0 / 600;
  const Payload p = encode(m);
  ASSERT_EQ(p.chars.size(), 16U);
  EXPECT_EQ(decode_as<LongRangeReport>(Payload{p.chars + std::string(12, '0'), 0}), m);
  for (std::size_t extra = 1; extra < 12; ++extra)
    EXPECT_EQ(decode(p.chars + std::string(extra, '0'), 0).error, DecodeError::wrong_length) << extra;
  EXPECT_EQ(decode(p.chars + std::string(12, '0'), 1).error, DecodeError::wrong_length);  // 167 bits
}

// A type 24 part A of MMSI 1 named "A": 160 bits, so 27 characters and 2 fill bits. Bits 0-5
// type 24 = 011000 -> 24 + 48 = 'H'; repeat 00 + MMSI's top 4 bits 0000 -> '0'; MMSI 1 ends at
// bit 37: bits 36-41 = 01 (MMSI's last bits) 00 (part A) + name's first 2 bits; 'A' is 6-bit
// code 1 = 000001, so 010000 = 16 -> '@' and 0001|00 = 4 -> '4' ('@' padding is 000000).
TEST(AisPayload, HandWorkedStaticReportA) {
  const StaticReportA m{{0, 1}, "A"};
  const Payload p = encode(m);
  EXPECT_EQ(p.chars, "H00000@4" + std::string(19, '0'));
  EXPECT_EQ(p.fill_bits, 2);
  EXPECT_EQ(decode_as<StaticReportA>(p), m);
}

TEST(AisPayload, ArmouringAlphabetEdges) {
  // '0'-'W' are 0-39 and '`'-'w' 40-63: "0W`w" is 000000 100111 101000 111111.
  PositionReportA m;
  const Payload p = encode(m);
  std::string edge = p.chars;
  for (const char bad : {'X', '_', 'x', ' ', '\0', '\x80', ','}) {
    edge[10] = bad;
    EXPECT_EQ(decode(edge, 0).error, DecodeError::bad_character) << static_cast<int>(bad);
  }
}

TEST(AisPayload, ErrorsAreTyped) {
  const Payload p = encode(PositionReportA{});
  EXPECT_EQ(decode("", 0).error, DecodeError::wrong_length);
  EXPECT_EQ(decode(p.chars.substr(0, 27), 0).error, DecodeError::wrong_length);
  EXPECT_EQ(decode(p.chars + "0", 0).error, DecodeError::wrong_length);
  EXPECT_EQ(decode(p.chars, 6).error, DecodeError::bad_fill_bits);
  EXPECT_EQ(decode("1", 5).error, DecodeError::wrong_length);
  EXPECT_EQ(decode("1", 6).error, DecodeError::bad_fill_bits);
  EXPECT_EQ(decode("8" + p.chars.substr(1), 0).error, DecodeError::unknown_type);  // type 8
  EXPECT_EQ(decode(std::string(200, '1'), 0).error, DecodeError::wrong_length);
  // Type 24 part numbers 2 and 3 are not defined.
  Payload b = encode(StaticReportB{});
  b.chars[6] = bits::armour(static_cast<unsigned>(bits::unarmour(static_cast<unsigned char>(b.chars[6]))) |
                            0b001000U);  // bit 38: part 1 (01) becomes 3 (11)
  EXPECT_EQ(decode(b.chars, b.fill_bits).error, DecodeError::unknown_type);
  // Type 5 with its last character's 2 bits counted as data (fill 0) still decodes.
  const Payload v = encode(StaticVoyage{});
  EXPECT_EQ(v.chars.size(), 71U);
  EXPECT_EQ(v.fill_bits, 2);
  EXPECT_TRUE(decode(v.chars, 0).ok());
}

TEST(AisPayload, NotAvailableValuesOnTheWire) {
  // Position A with every N/A: lon 181 deg, lat 91, SOG 1023, COG 3600, heading 511.
  const Payload p = encode(PositionReportA{});
  const bits::Reader r = [&] {
    bits::Reader rd;
    rd.load(p.chars);
    return rd;
  }();
  EXPECT_EQ(r.get_signed(61, 28), 181 * 600000);
  EXPECT_EQ(r.get_signed(89, 27), 91 * 600000);
  EXPECT_EQ(r.get(50, 10), 1023U);
  EXPECT_EQ(r.get(116, 12), 3600U);
  EXPECT_EQ(r.get(128, 9), 511U);
  EXPECT_EQ(r.get_signed(42, 8), -128);
  EXPECT_EQ(r.get(137, 6), 60U);
}

TEST(AisPayload, EncodingRoundsAndLimits) {
  PositionReportA m;
  m.sog_kn = 150.0;          // limited to 102.2 ("102.2 kn or more")
  m.cog_deg = 359.96;        // rounds to 360.0 = north, not to "not available"
  m.lon_deg = -200.0;        // limited to -180
  m.lat_deg = std::nan("");  // NaN: not available
  m.heading_deg = 600;       // limited to 510, the last value that is not "not available"
  const auto d = decode_as<PositionReportA>(encode(m));
  EXPECT_EQ(d.sog_kn, 102.2);
  EXPECT_EQ(d.cog_deg, 0.0);
  EXPECT_EQ(d.lon_deg, -180.0);
  EXPECT_FALSE(d.lat_deg.has_value());
  EXPECT_EQ(d.heading_deg, 510);
  m.cog_deg = HUGE_VAL;  // an infinity is "not available", as a NaN
  m.sog_kn = -HUGE_VAL;
  const auto inf = decode_as<PositionReportA>(encode(m));
  EXPECT_FALSE(inf.cog_deg.has_value());
  EXPECT_FALSE(inf.sog_kn.has_value());
  // Positions round to the nearest 1/10,000 min: 0.4 of a step down, 0.6 up.
  m.lon_deg = 10.0 + 0.4 / 600000;
  m.lat_deg = -10.0 - 0.6 / 600000;
  const auto e = decode_as<PositionReportA>(encode(m));
  EXPECT_EQ(e.lon_deg, 10.0);
  EXPECT_EQ(e.lat_deg, -6000001 / 600000.0);
  StaticVoyage v;
  v.draught_m = 30.0;  // limited to 25.5
  v.name = "nordic\xffstar";
  v.destination = "BANDAR ABBAS IRAN PERSIAN GULF";  // cut to 20 characters
  const auto w = decode_as<StaticVoyage>(encode(v));
  EXPECT_EQ(w.draught_m, 25.5);
  EXPECT_EQ(w.name, "NORDIC?STAR");
  EXPECT_EQ(w.destination, "BANDAR ABBAS IRAN PE");
}

TEST(AisPayload, RateOfTurnScale) {
  EXPECT_EQ(rot_indicator_from(0.0), 0);
  EXPECT_EQ(rot_indicator_from(10.0), 15);  // 4.733 * sqrt(10) = 14.97
  EXPECT_EQ(rot_indicator_from(-10.0), -15);
  EXPECT_EQ(rot_indicator_from(1000.0), 126);
  EXPECT_EQ(rot_indicator_from(std::nan("")), kRotNotAvailable);
  EXPECT_FALSE(rot_deg_per_min(kRotNotAvailable).has_value());
  EXPECT_FALSE(rot_deg_per_min(kRotRightNoIndicator).has_value());
  EXPECT_NEAR(*rot_deg_per_min(-15), -10.04, 0.01);  // (15 / 4.733)^2
}

TEST(AisRoundTrip, EdgeValuesOfEveryType) {
  PositionReportA a;
  expect_round_trip(a);  // every field N/A
  a.type = 3;
  a.header = {3, (1U << 30) - 1};
  a.nav_status = NavStatus::ais_sart;
  a.rot_indicator = kRotLeftNoIndicator;
  a.sog_kn = 102.2;
  a.lon_deg = -180.0;
  a.lat_deg = -90.0;
  a.cog_deg = 359.9;
  a.heading_deg = 359;
  a.timestamp_s = 63;
  a.manoeuvre = 2;
  a.spare = 7;
  a.raim = true;
  a.radio_status = (1U << 19) - 1;
  expect_round_trip(a);
  a.lon_deg = 180.0;
  a.lat_deg = 90.0;
  a.sog_kn = 0.0;
  expect_round_trip(a);

  StaticVoyage v;
  expect_round_trip(v);
  v.header.mmsi = 422123456;
  v.imo = 9123456;
  v.call_sign = "EPAB123";
  v.name = "ABCDEFGHIJKLMNOPQRST";  // 20 characters: no '@' padding at all
  v.ship_type = 84;
  v.dimensions = {511, 511, 63, 63};
  v.epfd = Epfd::internal_gnss;
  v.eta = {12, 31, 23, 59};
  v.draught_m = 0.1;
  v.destination = "A";  // 19 characters of '@' padding
  v.dte_not_ready = false;
  expect_round_trip(v);
  EXPECT_TRUE(is_tanker(v.ship_type));

  PositionReportB b;
  expect_round_trip(b);
  b.lon_deg = -0.0001 / 60;
  b.lat_deg = 0.0001 / 60;
  b.itdma = true;
  b.radio_status = 393222;
  expect_round_trip(b);

  ExtendedReportB e;
  e.name = "?? >=<;:9876543210/.";
  e.spare = 15;
  expect_round_trip(e);

  expect_round_trip(StaticReportA{{1, 775000001}, "VENEZUELA STAR"});
  StaticReportB sb;
  sb.header.mmsi = 636000001;
  sb.vendor_id = "SRT";
  sb.call_sign = "D5AB1";
  sb.dimensions = {200, 50, 20, 30};
  expect_round_trip(sb);
  sb.header.mmsi = 982220001;  // auxiliary craft: mother ship where the dimensions were
  sb.dimensions = {};
  sb.mothership_mmsi = 222000001;
  expect_round_trip(sb);

  LongRangeReport l;
  expect_round_trip(l);
  l.lon_deg = -180.0;
  l.lat_deg = 90.0;
  l.sog_kn = 62;
  l.cog_deg = 359;
  l.nav_status = NavStatus::at_anchor;
  expect_round_trip(l);
}

TEST(AisRoundTrip, RandomMessagesOfEveryType) {
  testing::RandomMessages gen(16);
  for (std::uint64_t k = 0; k < 70'000; ++k) {
    const Message m = gen.any(k);
    const Payload p = encode(m);
    const Decoded d = decode(p.chars, p.fill_bits);
    ASSERT_TRUE(d.ok()) << k << " " << p.chars;
    ASSERT_EQ(d.message, m) << k << " " << p.chars;
    ASSERT_EQ(message_type(d.message), message_type(m));
  }
}

}  // namespace
}  // namespace tankersim::ais
