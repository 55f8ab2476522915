// Field layouts: ITU-R M.1371-5 Annex 8, tables 45 (types 1-3), 52 (5), 61 (18), 62 (19),
// 80/81 (24), 85 (27). Each encode_/decode_ pair lists the fields in transmission order.
#include "tankersim/ais/payload.hpp"

#include <algorithm>
#include <cmath>
#include <type_traits>

#include "ais/bits.hpp"

namespace tankersim::ais {
namespace {

using bits::Reader;
using bits::Writer;

// Scaled units: positions in 1/10,000 min (1/600,000 deg) or 1/10 min (type 27).
constexpr double kUnitsPerDegFine = 600'000.0;
constexpr double kUnitsPerDegCoarse = 600.0;
constexpr std::int32_t kLonNaFine = 181 * 600'000;
constexpr std::int32_t kLatNaFine = 91 * 600'000;
constexpr std::int32_t kLonNaCoarse = 181 * 600;
constexpr std::int32_t kLatNaCoarse = 91 * 600;
constexpr std::uint32_t kSogNa = 1023;  // 0.1 kn
constexpr std::uint32_t kCogNa = 3600;  // 0.1 deg
constexpr std::uint32_t kHeadingNa = 511;
constexpr std::uint32_t kSogNaCoarse = 63;   // kn
constexpr std::uint32_t kCogNaCoarse = 511;  // deg

// A NaN or an infinity is "not available": neither has a place on the field's scale (and
// fmod(inf, 360) for the COG would be a NaN).
bool available(const std::optional<double>& v) { return v.has_value() && std::isfinite(*v); }

// round(value * scale) limited to [lo, hi]; the limits are applied before the conversion so no
// value (infinite or huge) reaches lround out of range.
std::int32_t scaled(double value, double scale, std::int32_t lo, std::int32_t hi) {
  const double s = std::clamp(value * scale, static_cast<double>(lo), static_cast<double>(hi));
  return static_cast<std::int32_t>(std::lround(s));
}

void put_lon_lat(Writer& w, const std::optional<double>& lon_deg, const std::optional<double>& lat_deg, bool coarse) {
  const double scale = coarse ? kUnitsPerDegCoarse : kUnitsPerDegFine;
  const std::int32_t lon_na = coarse ? kLonNaCoarse : kLonNaFine;
  const std::int32_t lat_na = coarse ? kLatNaCoarse : kLatNaFine;
  const std::int32_t lon_max = static_cast<std::int32_t>(180 * scale);
  const std::int32_t lat_max = static_cast<std::int32_t>(90 * scale);
  w.put_signed(available(lon_deg) ? scaled(*lon_deg, scale, -lon_max, lon_max) : lon_na, coarse ? 18 : 28);
  w.put_signed(available(lat_deg) ? scaled(*lat_deg, scale, -lat_max, lat_max) : lat_na, coarse ? 17 : 27);
}
std::optional<double> get_coordinate(const Reader& r, std::size_t pos, unsigned width, std::int32_t na, double scale) {
  const std::int32_t raw = r.get_signed(pos, width);
  if (raw == na) return std::nullopt;
  return raw / scale;
}

void put_sog(Writer& w, const std::optional<double>& sog_kn) {
  w.put(available(sog_kn) ? static_cast<std::uint32_t>(scaled(*sog_kn, 10.0, 0, 1022)) : kSogNa, 10);
}
std::optional<double> get_sog(const Reader& r, std::size_t pos) {
  const std::uint32_t raw = r.get(pos, 10);
  if (raw == kSogNa) return std::nullopt;
  return raw / 10.0;
}
void put_cog(Writer& w, const std::optional<double>& cog_deg) {
  if (!available(cog_deg)) return w.put(kCogNa, 12);
  double deg = std::fmod(*cog_deg, 360.0);
  if (deg < 0) deg += 360.0;
  std::int32_t tenths = scaled(deg, 10.0, 0, 3600);
  if (tenths == 3600) tenths = 0;  // 359.96 deg rounds to north, not to "not available"
  w.put(static_cast<std::uint32_t>(tenths), 12);
}
std::optional<double> get_cog(const Reader& r, std::size_t pos) {
  const std::uint32_t raw = r.get(pos, 12);
  if (raw == kCogNa) return std::nullopt;
  return raw / 10.0;
}
void put_heading(Writer& w, const std::optional<std::uint16_t>& heading_deg) {
  w.put(heading_deg ? std::min<std::uint32_t>(*heading_deg, kHeadingNa - 1) : kHeadingNa, 9);
}
std::optional<std::uint16_t> get_heading(const Reader& r, std::size_t pos) {
  const std::uint32_t raw = r.get(pos, 9);
  if (raw == kHeadingNa) return std::nullopt;
  return static_cast<std::uint16_t>(raw);
}
void put_header(Writer& w, unsigned type, const Header& h) {
  w.put(type, 6);
  w.put(h.repeat, 2);
  w.put(h.mmsi, 30);
}
Header get_header(const Reader& r) { return {static_cast<std::uint8_t>(r.get(6, 2)), r.get(8, 30)}; }
void put_dimensions(Writer& w, const Dimensions& d) {
  w.put(d.to_bow_m, 9);
  w.put(d.to_stern_m, 9);
  w.put(d.to_port_m, 6);
  w.put(d.to_starboard_m, 6);
}
Dimensions get_dimensions(const Reader& r, std::size_t pos) {
  return {static_cast<std::uint16_t>(r.get(pos, 9)), static_cast<std::uint16_t>(r.get(pos + 9, 9)),
          static_cast<std::uint8_t>(r.get(pos + 18, 6)), static_cast<std::uint8_t>(r.get(pos + 24, 6))};
}
template <class T>
T get_as(const Reader& r, std::size_t pos, unsigned width) {
  return static_cast<T>(r.get(pos, width));
}

void encode_one(Writer& w, const PositionReportA& m) {
  put_header(w, m.type >= 1 && m.type <= 3 ? m.type : 1U, m.header);
  w.put(static_cast<std::uint32_t>(m.nav_status), 4);
  w.put_signed(m.rot_indicator, 8);
  put_sog(w, m.sog_kn);
  w.put_bool(m.position_accuracy);
  put_lon_lat(w, m.lon_deg, m.lat_deg, false);
  put_cog(w, m.cog_deg);
  put_heading(w, m.heading_deg);
  w.put(m.timestamp_s, 6);
  w.put(m.manoeuvre, 2);
  w.put(m.spare, 3);
  w.put_bool(m.raim);
  w.put(m.radio_status, 19);
}
PositionReportA decode_position_a(const Reader& r, unsigned type) {
  PositionReportA m;
  m.type = static_cast<std::uint8_t>(type);
  m.header = get_header(r);
  m.nav_status = get_as<NavStatus>(r, 38, 4);
  m.rot_indicator = static_cast<std::int8_t>(r.get_signed(42, 8));
  m.sog_kn = get_sog(r, 50);
  m.position_accuracy = r.get_bool(60);
  m.lon_deg = get_coordinate(r, 61, 28, kLonNaFine, kUnitsPerDegFine);
  m.lat_deg = get_coordinate(r, 89, 27, kLatNaFine, kUnitsPerDegFine);
  m.cog_deg = get_cog(r, 116);
  m.heading_deg = get_heading(r, 128);
  m.timestamp_s = get_as<std::uint8_t>(r, 137, 6);
  m.manoeuvre = get_as<std::uint8_t>(r, 143, 2);
  m.spare = get_as<std::uint8_t>(r, 145, 3);
  m.raim = r.get_bool(148);
  m.radio_status = r.get(149, 19);
  return m;
}

void encode_one(Writer& w, const StaticVoyage& m) {
  put_header(w, 5, m.header);
  w.put(m.ais_version, 2);
  w.put(m.imo, 30);
  w.put_text(m.call_sign, 7);
  w.put_text(m.name, 20);
  w.put(m.ship_type, 8);
  put_dimensions(w, m.dimensions);
  w.put(static_cast<std::uint32_t>(m.epfd), 4);
  w.put(m.eta.month, 4);
  w.put(m.eta.day, 5);
  w.put(m.eta.hour, 5);
  w.put(m.eta.minute, 6);
  w.put(available(m.draught_m) ? static_cast<std::uint32_t>(scaled(*m.draught_m, 10.0, 1, 255)) : 0U, 8);
  w.put_text(m.destination, 20);
  w.put_bool(m.dte_not_ready);
  w.put_bool(m.spare);
}
StaticVoyage decode_static_voyage(const Reader& r) {
  StaticVoyage m;
  m.header = get_header(r);
  m.ais_version = get_as<std::uint8_t>(r, 38, 2);
  m.imo = r.get(40, 30);
  m.call_sign = r.get_text(70, 7);
  m.name = r.get_text(112, 20);
  m.ship_type = get_as<std::uint8_t>(r, 232, 8);
  m.dimensions = get_dimensions(r, 240);
  m.epfd = get_as<Epfd>(r, 270, 4);
  m.eta = {get_as<std::uint8_t>(r, 274, 4), get_as<std::uint8_t>(r, 278, 5), get_as<std::uint8_t>(r, 283, 5),
           get_as<std::uint8_t>(r, 288, 6)};
  const std::uint32_t draught_dm = r.get(294, 8);
  if (draught_dm != 0) m.draught_m = draught_dm / 10.0;
  m.destination = r.get_text(302, 20);
  m.dte_not_ready = r.get_bool(422);
  m.spare = r.get_bool(423);
  return m;
}

// Types 18 and 19 share their first 139 bits (to the time stamp).
template <class B>
void encode_b_position(Writer& w, unsigned type, const B& m) {
  put_header(w, type, m.header);
  w.put(m.reserved, 8);
  put_sog(w, m.sog_kn);
  w.put_bool(m.position_accuracy);
  put_lon_lat(w, m.lon_deg, m.lat_deg, false);
  put_cog(w, m.cog_deg);
  put_heading(w, m.heading_deg);
  w.put(m.timestamp_s, 6);
}
template <class B>
void decode_b_position(const Reader& r, B& m) {
  m.header = get_header(r);
  m.reserved = get_as<std::uint8_t>(r, 38, 8);
  m.sog_kn = get_sog(r, 46);
  m.position_accuracy = r.get_bool(56);
  m.lon_deg = get_coordinate(r, 57, 28, kLonNaFine, kUnitsPerDegFine);
  m.lat_deg = get_coordinate(r, 85, 27, kLatNaFine, kUnitsPerDegFine);
  m.cog_deg = get_cog(r, 112);
  m.heading_deg = get_heading(r, 124);
  m.timestamp_s = get_as<std::uint8_t>(r, 133, 6);
}

void encode_one(Writer& w, const PositionReportB& m) {
  encode_b_position(w, 18, m);
  w.put(m.regional, 2);
  w.put_bool(m.cs_unit);
  w.put_bool(m.has_display);
  w.put_bool(m.has_dsc);
  w.put_bool(m.whole_band);
  w.put_bool(m.accepts_message_22);
  w.put_bool(m.assigned);
  w.put_bool(m.raim);
  w.put_bool(m.itdma);
  w.put(m.radio_status, 19);
}
PositionReportB decode_position_b(const Reader& r) {
  PositionReportB m;
  decode_b_position(r, m);
  m.regional = get_as<std::uint8_t>(r, 139, 2);
  m.cs_unit = r.get_bool(141);
  m.has_display = r.get_bool(142);
  m.has_dsc = r.get_bool(143);
  m.whole_band = r.get_bool(144);
  m.accepts_message_22 = r.get_bool(145);
  m.assigned = r.get_bool(146);
  m.raim = r.get_bool(147);
  m.itdma = r.get_bool(148);
  m.radio_status = r.get(149, 19);
  return m;
}

void encode_one(Writer& w, const ExtendedReportB& m) {
  encode_b_position(w, 19, m);
  w.put(m.regional, 4);
  w.put_text(m.name, 20);
  w.put(m.ship_type, 8);
  put_dimensions(w, m.dimensions);
  w.put(static_cast<std::uint32_t>(m.epfd), 4);
  w.put_bool(m.raim);
  w.put_bool(m.dte_not_ready);
  w.put_bool(m.assigned);
  w.put(m.spare, 4);
}
ExtendedReportB decode_extended_b(const Reader& r) {
  ExtendedReportB m;
  decode_b_position(r, m);
  m.regional = get_as<std::uint8_t>(r, 139, 4);
  m.name = r.get_text(143, 20);
  m.ship_type = get_as<std::uint8_t>(r, 263, 8);
  m.dimensions = get_dimensions(r, 271);
  m.epfd = get_as<Epfd>(r, 301, 4);
  m.raim = r.get_bool(305);
  m.dte_not_ready = r.get_bool(306);
  m.assigned = r.get_bool(307);
  m.spare = get_as<std::uint8_t>(r, 308, 4);
  return m;
}

void encode_one(Writer& w, const StaticReportA& m) {
  put_header(w, 24, m.header);
  w.put(0, 2);
  w.put_text(m.name, 20);
}
void encode_one(Writer& w, const StaticReportB& m) {
  put_header(w, 24, m.header);
  w.put(1, 2);
  w.put(m.ship_type, 8);
  w.put_text(m.vendor_id, 3);
  w.put(m.unit_model, 4);
  w.put(m.serial_number, 20);
  w.put_text(m.call_sign, 7);
  if (is_auxiliary_craft(m.header.mmsi)) {
    w.put(m.mothership_mmsi, 30);
  } else {
    put_dimensions(w, m.dimensions);
  }
  w.put(m.spare, 6);
}
StaticReportB decode_static_b(const Reader& r) {
  StaticReportB m;
  m.header = get_header(r);
  m.ship_type = get_as<std::uint8_t>(r, 40, 8);
  m.vendor_id = r.get_text(48, 3);
  m.unit_model = get_as<std::uint8_t>(r, 66, 4);
  m.serial_number = r.get(70, 20);
  m.call_sign = r.get_text(90, 7);
  if (is_auxiliary_craft(m.header.mmsi)) {
    m.mothership_mmsi = r.get(132, 30);
  } else {
    m.dimensions = get_dimensions(r, 132);
  }
  m.spare = get_as<std::uint8_t>(r, 162, 6);
  return m;
}

void encode_one(Writer& w, const LongRangeReport& m) {
  put_header(w, 27, m.header);
  w.put_bool(m.position_accuracy);
  w.put_bool(m.raim);
  w.put(static_cast<std::uint32_t>(m.nav_status), 4);
  put_lon_lat(w, m.lon_deg, m.lat_deg, true);
  w.put(m.sog_kn ? std::min<std::uint32_t>(*m.sog_kn, kSogNaCoarse - 1) : kSogNaCoarse, 6);
  w.put(m.cog_deg ? std::min<std::uint32_t>(*m.cog_deg, kCogNaCoarse - 1) : kCogNaCoarse, 9);
  w.put_bool(m.position_latency);
  w.put_bool(m.spare);
}
LongRangeReport decode_long_range(const Reader& r) {
  LongRangeReport m;
  m.header = get_header(r);
  m.position_accuracy = r.get_bool(38);
  m.raim = r.get_bool(39);
  m.nav_status = get_as<NavStatus>(r, 40, 4);
  m.lon_deg = get_coordinate(r, 44, 18, kLonNaCoarse, kUnitsPerDegCoarse);
  m.lat_deg = get_coordinate(r, 62, 17, kLatNaCoarse, kUnitsPerDegCoarse);
  if (const std::uint32_t sog = r.get(79, 6); sog != kSogNaCoarse) m.sog_kn = static_cast<std::uint8_t>(sog);
  if (const std::uint32_t cog = r.get(85, 9); cog != kCogNaCoarse) m.cog_deg = static_cast<std::uint16_t>(cog);
  m.position_latency = r.get_bool(94);
  m.spare = r.get_bool(95);
  return m;
}

bool length_ok(unsigned type, std::size_t bits, bool part_b) {
  switch (type) {
    case 1:
    case 2:
    case 3:
    case 18: return bits == 168;
    case 5: return bits >= 424 && bits <= 426;
    case 19: return bits == 312;
    case 24: return part_b ? bits == 168 : bits >= 160 && bits <= 168;
    case 27: return bits == 96 || bits == 168;  // 168: the whole slot, as many transmitters send it
    default: return false;
  }
}

}  // namespace

std::optional<double> rot_deg_per_min(std::int8_t rot_indicator) {
  if (rot_indicator < -126 || rot_indicator > 126) return std::nullopt;
  const double root = rot_indicator / 4.733;
  return std::copysign(root * root, root);
}
std::int8_t rot_indicator_from(double rot_deg_per_min) {
  if (std::isnan(rot_deg_per_min)) return kRotNotAvailable;  // an infinity is a turn at the limit, +-126
  const double indicator = std::copysign(4.733 * std::sqrt(std::fabs(rot_deg_per_min)), rot_deg_per_min);
  return static_cast<std::int8_t>(std::lround(std::clamp(indicator, -126.0, 126.0)));
}

int message_type(const Message& message) {
  switch (message.index()) {
    case 0: return std::get<PositionReportA>(message).type;
    case 1: return 5;
    case 2: return 18;
    case 3: return 19;
    case 4:
    case 5: return 24;
    default: return 27;
  }
}
std::uint32_t message_mmsi(const Message& message) {
  return std::visit([](const auto& m) { return m.header.mmsi; }, message);
}

std::string_view to_string(DecodeError error) {
  switch (error) {
    case DecodeError::none: return "none";
    case DecodeError::bad_character: return "bad character";
    case DecodeError::bad_fill_bits: return "bad fill bits";
    case DecodeError::unknown_type: return "unknown type";
    case DecodeError::wrong_length: return "wrong length";
  }
  return "?";
}

void encode(const Message& message, Payload& out) {
  out.chars.clear();
  Writer w(out.chars);
  std::visit([&w](const auto& m) { encode_one(w, m); }, message);
  out.fill_bits = w.finish();
}
Payload encode(const Message& message) {
  Payload out;
  encode(message, out);
  return out;
}

Decoded decode(std::string_view payload, unsigned fill_bits) {
  Decoded d;
  if (payload.empty() || payload.size() > Reader::kMaxChars) {
    d.error = DecodeError::wrong_length;
    return d;
  }
  Reader r;
  if (!r.load(payload)) {
    d.error = DecodeError::bad_character;
    return d;
  }
  const std::size_t total = payload.size() * 6;
  if (fill_bits > 5 || fill_bits >= total) {
    d.error = DecodeError::bad_fill_bits;
    return d;
  }
  const std::size_t bits = total - fill_bits;
  const unsigned type = r.get(0, 6);
  const bool part_b = type == 24 && bits >= 40 && r.get(38, 2) == 1;
  if (type == 24 && bits >= 40 && r.get(38, 2) > 1) {
    d.error = DecodeError::unknown_type;  // part numbers 2 and 3 are not defined
    return d;
  }
  const bool known = (type >= 1 && type <= 3) || type == 5 || type == 18 || type == 19 || type == 24 || type == 27;
  if (!known) {
    d.error = DecodeError::unknown_type;
    return d;
  }
  if (!length_ok(type, bits, part_b)) {
    d.error = DecodeError::wrong_length;
    return d;
  }
  switch (type) {
    case 5: d.message = decode_static_voyage(r); break;
    case 18: d.message = decode_position_b(r); break;
    case 19: d.message = decode_extended_b(r); break;
    case 24:
      if (part_b) {
        d.message = decode_static_b(r);
      } else {
        d.message = StaticReportA{get_header(r), r.get_text(40, 20)};
      }
      break;
    case 27: d.message = decode_long_range(r); break;
    default: d.message = decode_position_a(r, type); break;
  }
  return d;
}

}  // namespace tankersim::ais
