#include "ais_command.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <charconv>
#include <cstring>
#include <fstream>
#include <istream>
#include <memory>
#include <ostream>
#include <string_view>

#include "cli.hpp"
#include "tankersim/ais/reassembler.hpp"

namespace tankersim::cli {
namespace {

using namespace tankersim::ais;

// Every field of every message type, one column each; a message leaves the columns of other
// types' fields, and "not available" values, empty.
constexpr std::string_view kHeader =
    "receive_time_unix_s,source,talker,channel,type,repeat,mmsi,nav_status,rot_indicator,rot_deg_per_min,sog_kn,"
    "position_accuracy,lon_deg,lat_deg,cog_deg,heading_deg,timestamp_s,manoeuvre,raim,radio_status,itdma,"
    "reserved,regional,cs_unit,has_display,has_dsc,whole_band,accepts_message_22,assigned,ais_version,imo,"
    "call_sign,name,ship_type,to_bow_m,to_stern_m,to_port_m,to_starboard_m,epfd,eta_month,eta_day,eta_hour,"
    "eta_minute,draught_m,destination,dte_not_ready,part,vendor_id,unit_model,serial_number,mothership_mmsi,"
    "position_latency,spare";
enum Column : std::size_t {
  receive_time,
  source,
  talker,
  channel,
  type,
  repeat,
  mmsi,
  nav_status,
  rot_indicator,
  rot_deg_per_min,
  sog_kn,
  position_accuracy,
  lon_deg,
  lat_deg,
  cog_deg,
  heading_deg,
  timestamp_s,
  manoeuvre,
  raim,
  radio_status,
  itdma,
  reserved,
  regional,
  cs_unit,
  has_display,
  has_dsc,
  whole_band,
  accepts_message_22,
  assigned,
  ais_version,
  imo,
  call_sign,
  name,
  ship_type,
  to_bow_m,
  to_stern_m,
  to_port_m,
  to_starboard_m,
  epfd,
  eta_month,
  eta_day,
  eta_hour,
  eta_minute,
  draught_m,
  destination,
  dte_not_ready,
  part,
  vendor_id,
  unit_model,
  serial_number,
  mothership_mmsi,
  position_latency,
  spare,
  kColumns
};

// RFC 4180 quoting: 6-bit text may hold ',' and '"'.
void append_quoted(std::string& out, std::string_view text) {
  if (text.find_first_of(",\"") == std::string_view::npos) {
    out.append(text);
    return;
  }
  out += '"';
  for (const char c : text) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
}

// One reused row: the cells and the line keep their capacity from row to row, so a row costs no
// allocation.
class Row {
 public:
  void clear() {
    for (std::string& cell : cells_) cell.clear();
  }
  // std::to_chars rather than fmt: a third of the command's time went to fmt's format parsing.
  template <class T>
  void set(Column c, T value) {
    char buf[24];
    const auto end = std::to_chars(buf, buf + sizeof buf, value).ptr;
    cells_[c].append(buf, end);
  }
  void set(Column c, char value) { cells_[c].push_back(value); }
  void set(Column c, bool value) { cells_[c].push_back(value ? '1' : '0'); }
  void fixed(Column c, double value, int decimals) {
    char buf[32];
    const auto end = std::to_chars(buf, buf + sizeof buf, value, std::chars_format::fixed, decimals).ptr;
    cells_[c].append(buf, end);
  }
  void text(Column c, std::string_view value) { append_quoted(cells_[c], value); }
  // Positions to 7 decimals: below half the 1/600,000 deg step, so the value re-encodes the same.
  void degrees(Column c, const std::optional<double>& v) {
    if (v) fixed(c, *v, 7);
  }
  void tenths(Column c, const std::optional<double>& v) {
    if (v) fixed(c, *v, 1);
  }
  template <class T>
  void optional(Column c, const std::optional<T>& v) {
    if (v) set(c, *v);
  }
  void dimensions(const Dimensions& d) {
    set(to_bow_m, d.to_bow_m);
    set(to_stern_m, d.to_stern_m);
    set(to_port_m, d.to_port_m);
    set(to_starboard_m, d.to_starboard_m);
  }
  void write(std::ostream& out) {
    line_.clear();
    for (std::size_t i = 0; i < kColumns; ++i) {
      if (i != 0) line_ += ',';
      line_ += cells_[i];
    }
    line_ += '\n';
    out.write(line_.data(), static_cast<std::streamsize>(line_.size()));
  }

 private:
  std::array<std::string, kColumns> cells_;
  std::string line_;
};

template <class M>
void position(Row& r, const M& m) {
  r.tenths(sog_kn, m.sog_kn);
  r.set(position_accuracy, m.position_accuracy);
  r.degrees(lon_deg, m.lon_deg);
  r.degrees(lat_deg, m.lat_deg);
  r.tenths(cog_deg, m.cog_deg);
  r.optional(heading_deg, m.heading_deg);
  r.set(timestamp_s, m.timestamp_s);
}

void fill(Row& r, const PositionReportA& m) {
  r.set(nav_status, static_cast<unsigned>(m.nav_status));
  r.set(rot_indicator, int{m.rot_indicator});
  if (const auto rot = ais::rot_deg_per_min(m.rot_indicator)) r.fixed(rot_deg_per_min, *rot, 3);
  position(r, m);
  r.set(manoeuvre, m.manoeuvre);
  r.set(raim, m.raim);
  r.set(radio_status, m.radio_status);
  r.set(spare, m.spare);
}
void fill(Row& r, const StaticVoyage& m) {
  r.set(ais_version, m.ais_version);
  r.set(imo, m.imo);
  r.text(call_sign, m.call_sign);
  r.text(name, m.name);
  r.set(ship_type, m.ship_type);
  r.dimensions(m.dimensions);
  r.set(epfd, static_cast<unsigned>(m.epfd));
  r.set(eta_month, m.eta.month);
  r.set(eta_day, m.eta.day);
  r.set(eta_hour, m.eta.hour);
  r.set(eta_minute, m.eta.minute);
  r.tenths(draught_m, m.draught_m);
  r.text(destination, m.destination);
  r.set(dte_not_ready, m.dte_not_ready);
  r.set(spare, m.spare);
}
void fill(Row& r, const PositionReportB& m) {
  r.set(reserved, m.reserved);
  position(r, m);
  r.set(regional, m.regional);
  r.set(cs_unit, m.cs_unit);
  r.set(has_display, m.has_display);
  r.set(has_dsc, m.has_dsc);
  r.set(whole_band, m.whole_band);
  r.set(accepts_message_22, m.accepts_message_22);
  r.set(assigned, m.assigned);
  r.set(raim, m.raim);
  r.set(itdma, m.itdma);
  r.set(radio_status, m.radio_status);
}
void fill(Row& r, const ExtendedReportB& m) {
  r.set(reserved, m.reserved);
  position(r, m);
  r.set(regional, m.regional);
  r.text(name, m.name);
  r.set(ship_type, m.ship_type);
  r.dimensions(m.dimensions);
  r.set(epfd, static_cast<unsigned>(m.epfd));
  r.set(raim, m.raim);
  r.set(dte_not_ready, m.dte_not_ready);
  r.set(assigned, m.assigned);
  r.set(spare, m.spare);
}
void fill(Row& r, const StaticReportA& m) {
  r.set(part, 'A');
  r.text(name, m.name);
}
void fill(Row& r, const StaticReportB& m) {
  r.set(part, 'B');
  r.set(ship_type, m.ship_type);
  r.text(vendor_id, m.vendor_id);
  r.set(unit_model, m.unit_model);
  r.set(serial_number, m.serial_number);
  r.text(call_sign, m.call_sign);
  if (is_auxiliary_craft(m.header.mmsi)) {
    r.set(mothership_mmsi, m.mothership_mmsi);
  } else {
    r.dimensions(m.dimensions);
  }
  r.set(spare, m.spare);
}
void fill(Row& r, const LongRangeReport& m) {
  r.set(position_accuracy, m.position_accuracy);
  r.set(raim, m.raim);
  r.set(nav_status, static_cast<unsigned>(m.nav_status));
  r.degrees(lon_deg, m.lon_deg);
  r.degrees(lat_deg, m.lat_deg);
  r.optional(sog_kn, m.sog_kn);
  r.optional(cog_deg, m.cog_deg);
  r.set(position_latency, m.position_latency);
  r.set(spare, m.spare);
}

void write_row(const Received& got, Row& r, std::ostream& out) {
  r.clear();
  if (got.tag_block.unix_time_s) r.set(receive_time, *got.tag_block.unix_time_s);
  r.text(source, got.tag_block.source);
  r.text(talker, got.talker);
  if (const char ch = channel_char(got.channel); ch != '\0') r.set(channel, ch);
  r.set(type, message_type(got.message));
  std::visit(
      [&r](const auto& m) {
        r.set(repeat, m.header.repeat);
        r.set(mmsi, m.header.mmsi);
        fill(r, m);
      },
      got.message);
  r.write(out);
}

// Calls `take` with each line of `s` (without its '\n'). A line is kept to one character more
// than the reassembler reads, so a feed without newlines costs 64 KiB, not its size, and the
// reassembler still counts the line as too long.
template <class Take>
void for_each_line(std::istream& s, Take&& take) {
  constexpr std::size_t kKeep = Reassembler::kMaxLineChars + 1;
  std::array<char, 65536> buf;
  std::string line;
  bool pending = false;
  while (s) {
    s.read(buf.data(), buf.size());
    const std::string_view chunk(buf.data(), static_cast<std::size_t>(s.gcount()));
    std::size_t start = 0;
    while (start < chunk.size()) {
      const std::size_t nl = chunk.find('\n', start);
      const std::string_view part = chunk.substr(start,
                                                 nl == std::string_view::npos ? std::string_view::npos : nl - start);
      line.append(part.substr(0, kKeep - std::min(kKeep, line.size())));
      pending = true;
      if (nl == std::string_view::npos) break;
      take(std::string_view(line));
      line.clear();
      pending = false;
      start = nl + 1;
    }
  }
  if (pending) take(std::string_view(line));
}

void summarise(const Reassembler& reassembler, std::uint64_t lines, std::ostream& err) {
  std::string dropped;
  std::uint64_t total = 0;
  for (std::size_t i = 0; i < kDropCauseCount; ++i) {
    const std::uint64_t n = reassembler.drops()[i];
    if (n == 0) continue;
    total += n;
    dropped += fmt::format("{}{} {}", dropped.empty() ? "" : ", ", to_string(static_cast<DropCause>(i)), n);
  }
  err << fmt::format("tankersim ais decode: lines {}, messages {}, dropped {}{}{}\n", lines, reassembler.messages(),
                     total, total == 0 ? "" : ": ", dropped);
}

}  // namespace

int run_ais_decode(const std::vector<std::string>& files, std::istream& in, std::ostream& out, std::ostream& err) {
  // Every file is opened before anything is written, so a bad name leaves no partial CSV.
  std::vector<std::unique_ptr<std::ifstream>> streams;
  for (const std::string& path : files) {
    if (path == "-") {
      streams.push_back(nullptr);
      continue;
    }
    auto f = std::make_unique<std::ifstream>(path, std::ios::binary);
    if (!*f) {
      err << fmt::format("tankersim: ais decode: cannot read {}: {}\n", path, std::strerror(errno));
      return kExitBadInput;
    }
    streams.push_back(std::move(f));
  }
  out << kHeader << '\n';
  Reassembler reassembler;
  std::uint64_t lines = 0;
  Row row;
  for (const auto& f : streams) {
    for_each_line(f ? static_cast<std::istream&>(*f) : in, [&](std::string_view line) {
      ++lines;
      if (const auto got = reassembler.push(line)) write_row(*got, row, out);
    });
  }
  reassembler.flush();
  summarise(reassembler, lines, err);
  return kExitOk;
}

}  // namespace tankersim::cli
