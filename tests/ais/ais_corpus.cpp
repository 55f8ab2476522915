// Writes random AIS messages of every type for tests/tools/test_ais_references.py, which feeds
// them to gpsd's gpsdecode and to libais and compares every field with what was encoded. One
// JSON object a line: {"type": 5, "sentences": ["!AIVDM,...", ...], "fields": {...}}, the fields
// named as in messages.hpp, in their units (degrees, knots, metres), null for "not available".
// usage: ais_corpus COUNT_PER_TYPE [SEED]
#include <cstdio>
#include <cstdlib>
#include <string>

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

}  // namespace

int main(int argc, char** argv) {
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
