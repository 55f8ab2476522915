// Writes random AIS messages of every type for tests/tools/test_ais_references.py, which feeds
// them to gpsd's gpsdecode and to libais and compares every field with what was encoded. One
// JSON object a line: {"type": 5, "sentences": ["!AIVDM,...", ...], "fields": {...}}, the fields
// named as in messages.hpp, in their units (degrees, knots, metres), null for "not available".
// usage: ais_corpus COUNT_PER_TYPE [SEED]
//
// `ais_corpus --feed LINES [SEED]` writes instead LINES lines of a feed as receivers deliver it,
// for the speed figures and the hostile-input test: types in the shares a coastal feed has (1-3
// most, then 18, 5, 24 A and B, 27, 19), tag blocks of five stations with a receive time that
// advances, USCG-style fields after the checksum on one station's lines (no tag block), type 5 in
// two fragments, now and then another station's sentence between them, a 24A whose 24B never
// comes, and one line in 500 with a bad checksum.
#include <array>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "ais/random_messages.hpp"
#include "tankersim/ais/sentence.hpp"

namespace {

using namespace tankersim::ais;

class Json {
 public:
  void field(const char* name, double v) {
    key(name);
    append_number(v);
  }
  void field(const char* name, long long v) {
    key(name);
    out_ += std::to_string(v);
  }
  void field(const char* name, unsigned v) { field(name, static_cast<long long>(v)); }
  void field(const char* name, int v) { field(name, static_cast<long long>(v)); }
  void field(const char* name, bool v) {
    key(name);
    out_ += v ? "true" : "false";
  }
  void field(const char* name, const std::string& v) {
    key(name);
    append_string(v);
  }
  template <class T>
  void field(const char* name, const std::optional<T>& v) {
    if (v) {
      field(name, *v);
    } else {
      key(name);
      out_ += "null";
    }
  }
  void field(const char* name, const Dimensions& d) {
    (void)name;
    field("to_bow_m", unsigned{d.to_bow_m});
    field("to_stern_m", unsigned{d.to_stern_m});
    field("to_port_m", unsigned{d.to_port_m});
    field("to_starboard_m", unsigned{d.to_starboard_m});
  }
  void field(const char* name, std::uint16_t v) { field(name, unsigned{v}); }
  void field(const char* name, std::uint8_t v) { field(name, unsigned{v}); }
  void field(const char* name, std::int8_t v) { field(name, int{v}); }
  void field(const char* name, std::uint32_t v, int) { field(name, static_cast<long long>(v)); }
  void field(const char* name, NavStatus v) { field(name, static_cast<unsigned>(v)); }
  void field(const char* name, Epfd v) { field(name, static_cast<unsigned>(v)); }
  void field(const char* name, const Header& h) {
    (void)name;
    field("repeat", h.repeat);
    field("mmsi", static_cast<long long>(h.mmsi));
  }
  std::string take() {
    std::string s = "{" + out_ + "}";
    out_.clear();
    return s;
  }
  static void append_string_to(std::string& out, const std::string& v) {
    out += '"';
    for (const char c : v) {
      if (c == '"' || c == '\\') out += '\\';
      out += c;
    }
    out += '"';
  }

 private:
  void key(const char* name) {
    if (!out_.empty()) out_ += ',';
    append_string(name);
    out_ += ':';
  }
  void append_string(const std::string& v) { append_string_to(out_, v); }
  void append_number(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.10f", v);
    out_ += buf;
  }
  std::string out_;
};

// F(field) for every field of each struct, in messages.hpp's order.
void fields(Json& j, const PositionReportA& m) {
  j.field("header", m.header);
  j.field("nav_status", m.nav_status);
  j.field("rot_indicator", m.rot_indicator);
  j.field("sog_kn", m.sog_kn);
  j.field("position_accuracy", m.position_accuracy);
  j.field("lon_deg", m.lon_deg);
  j.field("lat_deg", m.lat_deg);
  j.field("cog_deg", m.cog_deg);
  j.field("heading_deg", m.heading_deg);
  j.field("timestamp_s", m.timestamp_s);
  j.field("manoeuvre", m.manoeuvre);
  j.field("spare", m.spare);
  j.field("raim", m.raim);
  j.field("radio_status", static_cast<long long>(m.radio_status));
}
void fields(Json& j, const StaticVoyage& m) {
  j.field("header", m.header);
  j.field("ais_version", m.ais_version);
  j.field("imo", static_cast<long long>(m.imo));
  j.field("call_sign", m.call_sign);
  j.field("name", m.name);
  j.field("ship_type", m.ship_type);
  j.field("dimensions", m.dimensions);
  j.field("epfd", m.epfd);
  j.field("eta_month", m.eta.month);
  j.field("eta_day", m.eta.day);
  j.field("eta_hour", m.eta.hour);
  j.field("eta_minute", m.eta.minute);
  j.field("draught_m", m.draught_m);
  j.field("destination", m.destination);
  j.field("dte_not_ready", m.dte_not_ready);
  j.field("spare", m.spare);
}
template <class B>
void b_fields(Json& j, const B& m) {
  j.field("header", m.header);
  j.field("reserved", m.reserved);
  j.field("sog_kn", m.sog_kn);
  j.field("position_accuracy", m.position_accuracy);
  j.field("lon_deg", m.lon_deg);
  j.field("lat_deg", m.lat_deg);
  j.field("cog_deg", m.cog_deg);
  j.field("heading_deg", m.heading_deg);
  j.field("timestamp_s", m.timestamp_s);
  j.field("regional", m.regional);
}
void fields(Json& j, const PositionReportB& m) {
  b_fields(j, m);
  j.field("cs_unit", m.cs_unit);
  j.field("has_display", m.has_display);
  j.field("has_dsc", m.has_dsc);
  j.field("whole_band", m.whole_band);
  j.field("accepts_message_22", m.accepts_message_22);
  j.field("assigned", m.assigned);
  j.field("raim", m.raim);
  j.field("itdma", m.itdma);
  j.field("radio_status", static_cast<long long>(m.radio_status));
}
void fields(Json& j, const ExtendedReportB& m) {
  b_fields(j, m);
  j.field("name", m.name);
  j.field("ship_type", m.ship_type);
  j.field("dimensions", m.dimensions);
  j.field("epfd", m.epfd);
  j.field("raim", m.raim);
  j.field("dte_not_ready", m.dte_not_ready);
  j.field("assigned", m.assigned);
  j.field("spare", m.spare);
}
void fields(Json& j, const StaticReportA& m) {
  j.field("header", m.header);
  j.field("part", 0);
  j.field("name", m.name);
}
void fields(Json& j, const StaticReportB& m) {
  j.field("header", m.header);
  j.field("part", 1);
  j.field("ship_type", m.ship_type);
  j.field("vendor_id", m.vendor_id);
  j.field("unit_model", m.unit_model);
  j.field("serial_number", static_cast<long long>(m.serial_number));
  j.field("call_sign", m.call_sign);
  if (is_auxiliary_craft(m.header.mmsi)) {
    j.field("mothership_mmsi", static_cast<long long>(m.mothership_mmsi));
  } else {
    j.field("dimensions", m.dimensions);
  }
  j.field("spare", m.spare);
}
void fields(Json& j, const LongRangeReport& m) {
  j.field("header", m.header);
  j.field("position_accuracy", m.position_accuracy);
  j.field("raim", m.raim);
  j.field("nav_status", m.nav_status);
  j.field("lon_deg", m.lon_deg);
  j.field("lat_deg", m.lat_deg);
  j.field("sog_kn", m.sog_kn);
  j.field("cog_deg", m.cog_deg);
  j.field("position_latency", m.position_latency);
  j.field("spare", m.spare);
}

// One message of a coastal feed's mix (per mille: 1-3 600, 18 180, 5 80, 24 80, 27 40, 19 20).
Message feed_message(testing::RandomMessages& gen, std::uint32_t draw) {
  if (draw < 600) return gen.position_a();
  if (draw < 780) return gen.position_b();
  if (draw < 860) return gen.static_voyage();
  if (draw < 940) return gen.static_a();
  if (draw < 980) return gen.long_range();
  return gen.extended_b();
}

int write_feed(unsigned long line_count, std::uint64_t seed) {
  testing::RandomMessages gen(seed);
  constexpr std::array<const char*, 5> kStations = {"r003669945", "r003669946", "b2573105", "sat1", "uscg"};
  std::array<SentenceEncoder, kStations.size()> encoders;
  std::vector<std::string> lines;
  std::int64_t time_s = 1590969600;
  unsigned long written = 0;
  // The fill digit changed: the checksum no longer matches.
  const auto put = [&](std::string line, bool uscg) {
    if (written == line_count) return;
    if (gen.in(0, 499) == 0) line[line.size() - 4] = line[line.size() - 4] == '0' ? '1' : '0';
    if (uscg) line += ",s28089,d-103,T39.44," + std::to_string(time_s);
    std::fputs(line.c_str(), stdout);
    std::fputc('\n', stdout);
    ++written;
  };
  const auto sentences = [&](std::uint32_t station, const Message& m, Channel channel) {
    SentenceEncoder& enc = encoders[station];
    if (station == kStations.size() - 1) {
      enc.options().tag_block.reset();
    } else {
      enc.options().tag_block = TagBlock{time_s, kStations[station], ""};
    }
    enc.options().channel = channel;
    lines.clear();
    enc.encode(m, lines);
    return station == kStations.size() - 1;
  };
  while (written < line_count) {
    if (gen.in(0, 9) == 0) ++time_s;
    const std::uint32_t station = gen.in(0, kStations.size() - 1);
    const Message m = feed_message(gen, gen.in(0, 999));
    const Channel channel = gen.flag() ? Channel::a : Channel::b;
    const bool uscg = sentences(station, m, channel);
    if (const auto* a = std::get_if<StaticReportA>(&m); a && gen.in(0, 19) != 0) {
      StaticReportB b = gen.static_b();
      b.header.mmsi = a->header.mmsi;
      encoders[station].encode(b, lines);
    }
    if (lines.size() == 2 && message_type(m) == 5 && gen.in(0, 3) == 0) {
      // Another station's position report between the two fragments, on the other channel (a
      // decoder that keys fragments by channel alone, as gpsd does, still joins them).
      const std::vector<std::string> fragments = lines;
      put(fragments[0], uscg);
      const bool other_uscg = sentences((station + 1) % kStations.size(), gen.position_a(),
                                        channel == Channel::a ? Channel::b : Channel::a);
      put(lines[0], other_uscg);
      put(fragments[1], uscg);
      continue;
    }
    for (const std::string& line : lines) put(line, uscg);
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc >= 3 && std::string_view(argv[1]) == "--feed") {
    return write_feed(std::strtoul(argv[2], nullptr, 10), argc > 3 ? std::strtoull(argv[3], nullptr, 10) : 1);
  }
  if (argc < 2) {
    std::fprintf(stderr, "usage: ais_corpus COUNT_PER_TYPE [SEED]\n");
    return 2;
  }
  const unsigned long count = std::strtoul(argv[1], nullptr, 10);
  testing::RandomMessages gen(argc > 2 ? std::strtoull(argv[2], nullptr, 10) : 1);
  SentenceEncoder enc;
  Json j;
  std::vector<std::string> lines;
  for (unsigned long k = 0; k < 7 * count; ++k) {
    const Message m = gen.any(k);
    lines.clear();
    enc.options().channel = k % 2 == 0 ? Channel::a : Channel::b;
    enc.encode(m, lines);
    std::visit([&j](const auto& msg) { fields(j, msg); }, m);
    std::string out = "{\"type\":" + std::to_string(message_type(m)) + ",\"sentences\":[";
    for (std::size_t i = 0; i < lines.size(); ++i) {
      if (i != 0) out += ',';
      Json::append_string_to(out, lines[i]);
    }
    out += "],\"fields\":" + j.take() + "}\n";
    std::fputs(out.c_str(), stdout);
  }
  return 0;
}
