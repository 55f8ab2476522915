#include "ais_command.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cassert>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstring>
#include <fstream>
#include <istream>
#include <memory>
#include <ostream>
#include <string_view>
#include <unordered_map>

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

// The CSV goes out through one block: rows are written in place at a pointer, and the block is
// handed to the stream when it fills, so a row costs no allocation and no stream call.
class CsvBuffer {
 public:
  // Room kept free before each row: the quoted source (at most twice the 1,024 characters of a
  // line, plus quotes), the other text cells (under 50 characters each quoted) and 53 numbers,
  // each under 330 characters even for a double of 1e308 in fixed notation.
  static constexpr std::size_t kRowRoom = 2 * Reassembler::kMaxLineChars + 2 + 4 * 50 + kColumns * 330;
  static constexpr std::size_t kBlock = std::size_t{1} << 20;

  explicit CsvBuffer(std::ostream& out) : out_(out), buf_(kBlock + kRowRoom) {}
  // Where the next row goes, with kRowRoom characters free.
  char* row_start() {
    if (used_ >= kBlock) flush();
    return buf_.data() + used_;
  }
  void row_end(char* end) { used_ = static_cast<std::size_t>(end - buf_.data()); }
  void flush() {
    out_.write(buf_.data(), static_cast<std::streamsize>(used_));
    used_ = 0;
  }

 private:
  std::ostream& out_;
  std::vector<char> buf_;
  std::size_t used_ = 0;
};

// Decimal digits of `v` at `p`; returns the end. Two digits a step from a table of "00"-"99".
constexpr std::array<char, 200> kDigitPairs = [] {
  std::array<char, 200> t{};
  for (int i = 0; i < 100; ++i) {
    t[static_cast<std::size_t>(2 * i)] = static_cast<char>('0' + i / 10);
    t[static_cast<std::size_t>(2 * i + 1)] = static_cast<char>('0' + i % 10);
  }
  return t;
}();
char* put_unsigned(char* p, std::uint64_t v) {
  if (v < 10) {
    *p = static_cast<char>('0' + v);
    return p + 1;
  }
  std::size_t n = 2;
  for (std::uint64_t t = v; t >= 100; t /= 10) ++n;
  char* const end = p + n;
  char* d = end;
  while (v >= 100) {
    const std::size_t pair = 2 * static_cast<std::size_t>(v % 100);
    v /= 100;
    *--d = kDigitPairs[pair + 1];
    *--d = kDigitPairs[pair];
  }
  if (v >= 10) {
    *--d = kDigitPairs[2 * v + 1];
    *--d = kDigitPairs[2 * v];
  } else {
    *--d = static_cast<char>('0' + v);
  }
  return end;
}
char* put_signed(char* p, std::int64_t v) {
  if (v >= 0) return put_unsigned(p, static_cast<std::uint64_t>(v));
  *p++ = '-';
  return put_unsigned(p, std::uint64_t{0} - static_cast<std::uint64_t>(v));
}

// One row written in place, cell by cell in column order: at(c) puts the commas that end the
// cells before c, so a cell never set stays empty.
class Row {
 public:
  explicit Row(char* p) : p_(p) {}
  char* end() {
    commas_to(kColumns - 1);
    *p_++ = '\n';
    return p_;
  }
  void set(Column c, std::uint64_t value) { p_ = put_unsigned(at(c), value); }
  void set(Column c, std::uint32_t value) { set(c, std::uint64_t{value}); }
  void set(Column c, std::uint16_t value) { set(c, std::uint64_t{value}); }
  void set(Column c, std::uint8_t value) { set(c, std::uint64_t{value}); }
  void set(Column c, std::int64_t value) { p_ = put_signed(at(c), value); }
  void set(Column c, int value) { set(c, std::int64_t{value}); }
  void set(Column c, char value) {
    *at(c) = value;
    ++p_;
  }
  void set(Column c, bool value) { set(c, value ? '1' : '0'); }
  void fixed(Column c, double value, int decimals) { p_ = put_fixed(at(c), value, decimals); }
  // RFC 4180 quoting: 6-bit text may hold ',' and '"'. The text is copied as it is while
  // looking for them, and written again quoted in the rare case it holds one.
  void text(Column c, std::string_view value) {
    if (value.empty()) return;
    char* p = at(c);
    bool quote = false;
    for (std::size_t i = 0; i < value.size(); ++i) {
      p[i] = value[i];
      quote |= value[i] == ',' || value[i] == '"';
    }
    if (!quote) {
      p_ = p + value.size();
      return;
    }
    *p++ = '"';
    for (const char ch : value) {
      if (ch == '"') *p++ = '"';
      *p++ = ch;
    }
    *p++ = '"';
    p_ = p;
  }
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

 private:
  void commas_to(std::size_t c) {
    assert(c >= commas_ && "cells are written in column order");
    for (; commas_ < c; ++commas_) *p_++ = ',';  // mostly one or two: a loop beats a call to memset
  }
  char* at(Column c) {
    commas_to(c);
    return p_;
  }
  char* p_;
  std::size_t commas_ = 0;
};

// The fields of each type, in column order.
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
  r.set(nav_status, static_cast<std::uint8_t>(m.nav_status));
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
  r.set(epfd, static_cast<std::uint8_t>(m.epfd));
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
  position(r, m);
  r.set(raim, m.raim);
  r.set(radio_status, m.radio_status);
  r.set(itdma, m.itdma);
  r.set(reserved, m.reserved);
  r.set(regional, m.regional);
  r.set(cs_unit, m.cs_unit);
  r.set(has_display, m.has_display);
  r.set(has_dsc, m.has_dsc);
  r.set(whole_band, m.whole_band);
  r.set(accepts_message_22, m.accepts_message_22);
  r.set(assigned, m.assigned);
}
void fill(Row& r, const ExtendedReportB& m) {
  position(r, m);
  r.set(raim, m.raim);
  r.set(reserved, m.reserved);
  r.set(regional, m.regional);
  r.set(assigned, m.assigned);
  r.text(name, m.name);
  r.set(ship_type, m.ship_type);
  r.dimensions(m.dimensions);
  r.set(epfd, static_cast<std::uint8_t>(m.epfd));
  r.set(dte_not_ready, m.dte_not_ready);
  r.set(spare, m.spare);
}
void fill(Row& r, const StaticReportA& m) {
  r.text(name, m.name);
  r.set(part, 'A');
}
void fill(Row& r, const StaticReportB& m) {
  r.text(call_sign, m.call_sign);
  r.set(ship_type, m.ship_type);
  const bool auxiliary = is_auxiliary_craft(m.header.mmsi);
  if (!auxiliary) r.dimensions(m.dimensions);
  r.set(part, 'B');
  r.text(vendor_id, m.vendor_id);
  r.set(unit_model, m.unit_model);
  r.set(serial_number, m.serial_number);
  if (auxiliary) r.set(mothership_mmsi, m.mothership_mmsi);
  r.set(spare, m.spare);
}
void fill(Row& r, const LongRangeReport& m) {
  r.set(nav_status, static_cast<std::uint8_t>(m.nav_status));
  r.optional(sog_kn, m.sog_kn);
  r.set(position_accuracy, m.position_accuracy);
  r.degrees(lon_deg, m.lon_deg);
  r.degrees(lat_deg, m.lat_deg);
  r.optional(cog_deg, m.cog_deg);
  r.set(raim, m.raim);
  r.set(position_latency, m.position_latency);
  r.set(spare, m.spare);
}

void write_row(const Received& got, CsvBuffer& out) {
  Row r(out.row_start());
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
  out.row_end(r.end());
}

// Calls `take` with each line of `s` (without its '\n'), read in blocks of 1 MiB. A line within
// a block is passed where it lies; one across blocks is gathered, kept to one character more
// than the reassembler reads, so a feed without newlines costs a block, not its size, and the
// reassembler still counts the line as too long.
template <class Take>
void for_each_line(std::istream& s, Take&& take) {
  constexpr std::size_t kKeep = Reassembler::kMaxLineChars + 1;
  std::vector<char> buf(std::size_t{1} << 20);
  std::string carry;  // the start of a line that a block ended in
  bool pending = false;
  while (s) {
    s.read(buf.data(), static_cast<std::streamsize>(buf.size()));
    const char* p = buf.data();
    const char* const end = p + s.gcount();
    while (p < end) {
      const auto* nl = static_cast<const char*>(std::memchr(p, '\n', static_cast<std::size_t>(end - p)));
      const std::size_t n = static_cast<std::size_t>((nl == nullptr ? end : nl) - p);
      if (nl != nullptr && !pending) {
        take(std::string_view(p, std::min(n, kKeep)));
      } else {
        carry.append(p, std::min(n, kKeep - std::min(kKeep, carry.size())));
        pending = true;
        if (nl == nullptr) break;
        take(std::string_view(carry));
        carry.clear();
        pending = false;
      }
      p = nl + 1;
    }
  }
  if (pending) take(std::string_view(carry));
}

// What the feed held beyond the reassembler's counts: the lines that made the messages, and
// the type 24 parts by MMSI. A 24A and its 24B are separate messages, often minutes apart or
// one of them lost; each is its own row, and the summary counts the parts whose other part never
// came from the same MMSI in the whole feed (docs/ais.md, "Type 24 parts").
class Tally {
 public:
  void add(const Received& got) {
    message_lines_ += got.fragments;
    if (const auto* a = std::get_if<StaticReportA>(&got.message)) ++parts_[a->header.mmsi].a;
    if (const auto* b = std::get_if<StaticReportB>(&got.message)) ++parts_[b->header.mmsi].b;
  }
  std::uint64_t message_lines() const { return message_lines_; }
  // "" when the feed held no type 24.
  std::string static_parts() const {
    std::uint64_t a = 0, b = 0, a_alone = 0, b_alone = 0;
    for (const auto& [mmsi, n] : parts_) {
      a += n.a;
      b += n.b;
      if (n.b == 0) a_alone += n.a;
      if (n.a == 0) b_alone += n.b;
    }
    if (a + b == 0) return "";
    return fmt::format(
        "tankersim ais decode: type 24 parts A {}, B {}; A without a B from its MMSI {}, B without an A {}\n", a, b,
        a_alone, b_alone);
  }

 private:
  struct Parts {
    std::uint64_t a = 0;
    std::uint64_t b = 0;
  };
  std::uint64_t message_lines_ = 0;
  std::unordered_map<std::uint32_t, Parts> parts_;
};

void summarise(const Reassembler& reassembler, std::uint64_t lines, const Tally& tally, std::ostream& err) {
  std::string dropped;
  std::uint64_t total = 0;
  for (std::size_t i = 0; i < kDropCauseCount; ++i) {
    const std::uint64_t n = reassembler.drops()[i];
    if (n == 0) continue;
    total += n;
    dropped += fmt::format("{}{} {}", dropped.empty() ? "" : ", ", to_string(static_cast<DropCause>(i)), n);
  }
  err << fmt::format("tankersim ais decode: lines {}, messages {}, lines in messages {}, dropped {}{}{}\n", lines,
                     reassembler.messages(), tally.message_lines(), total, total == 0 ? "" : ": ", dropped)
      << tally.static_parts();
}

}  // namespace

// `v` with `decimals` (0-7) digits after the point, as std::to_chars(fixed) writes it: the
// decimal nearest the double, "-" for any negative value (-0.0 too). |v| * 10^decimals is
// rounded in integers when that is sure to give the same digits: below 1e12 the product is
// within 2^-13 of the exact one, so a fraction more than 1e-3 from one half rounds the same way.
// Otherwise (a near tie, a large value, a NaN, an infinity) std::to_chars decides.
char* put_fixed(char* p, double v, int decimals) {
  static constexpr std::array<double, 8> kScale = {1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7};
  static constexpr std::array<std::uint64_t, 8> kIntScale = {1, 10, 100, 1000, 10000, 100000, 1000000, 10000000};
  const double scaled = std::fabs(v) * kScale[static_cast<std::size_t>(decimals)];
  if (scaled < 1.0e12) {
    const double whole = std::floor(scaled);
    const double fraction = scaled - whole;
    if (std::fabs(fraction - 0.5) > 1e-3) {
      const std::uint64_t units = static_cast<std::uint64_t>(whole) + (fraction > 0.5 ? 1 : 0);
      if (std::signbit(v)) *p++ = '-';
      const std::uint64_t scale = kIntScale[static_cast<std::size_t>(decimals)];
      p = put_unsigned(p, units / scale);
      if (decimals == 0) return p;
      *p++ = '.';
      std::uint64_t rest = units % scale;
      for (int i = decimals - 1; i >= 0; --i) {
        p[i] = static_cast<char>('0' + rest % 10);
        rest /= 10;
      }
      return p + decimals;
    }
  }
  char buf[400];
  const auto end = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::fixed, decimals).ptr;
  const auto n = static_cast<std::size_t>(end - buf);
  std::memcpy(p, buf, n);
  return p + n;
}

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
  CsvBuffer csv(out);
  Tally tally;
  for (const auto& f : streams) {
    for_each_line(f ? static_cast<std::istream&>(*f) : in, [&](std::string_view line) {
      ++lines;
      if (const auto got = reassembler.push(line)) {
        write_row(*got, csv);
        tally.add(*got);
      }
    });
  }
  csv.flush();
  reassembler.flush();
  summarise(reassembler, lines, tally, err);
  return kExitOk;
}

}  // namespace tankersim::cli
