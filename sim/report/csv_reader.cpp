#include "csv_reader.hpp"

#include <fmt/format.h>

#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstring>
#include <fstream>

#include "tankersim/report/report.hpp"
#include "tankersim/scenario/loader.hpp"

namespace tankersim::report::detail {

namespace {

// Days from 1970-01-01 to the civil date y-m-d (proleptic Gregorian; H. Hinnant's algorithm).
std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) {
  y -= m <= 2 ? 1 : 0;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const auto yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

// A quoted copy of a field or line for a message, cut to 60 bytes.
std::string shown(std::string_view s) {
  std::string t(s.substr(0, 60));
  if (s.size() > 60) t += "...";
  return scenario::printable(t);
}

}  // namespace

void CsvRow::fail(std::size_t i, const std::string& what) const {
  throw ReportError(
      fmt::format("{}:{}:{}: {}: {} (got '{}')", *shown_path, line, columns[i], (*names)[i], what, shown(fields[i])));
}

double CsvRow::number(std::size_t i) const {
  const std::string& f = fields[i];
  double x = 0.0;
  const auto [end, ec] = std::from_chars(f.data(), f.data() + f.size(), x);
  if (f.empty() || ec != std::errc() || end != f.data() + f.size() || !std::isfinite(x)) fail(i, "not a number");
  return x;
}

std::int64_t CsvRow::time_s(std::size_t i) const {
  const std::string& f = fields[i];
  // YYYY-MM-DDTHH:MM:SSZ, as io::utc writes it.
  static constexpr char kShape[] = "dddd-dd-ddTdd:dd:ddZ";
  bool ok = f.size() == sizeof kShape - 1;
  for (std::size_t k = 0; ok && k < f.size(); ++k) {
    ok = kShape[k] == 'd' ? (f[k] >= '0' && f[k] <= '9') : f[k] == kShape[k];
  }
  auto num = [&f](std::size_t at, std::size_t n) {
    int v = 0;
    for (std::size_t k = at; k < at + n; ++k) v = v * 10 + (f[k] - '0');
    return v;
  };
  if (ok) {
    const int mo = num(5, 2), d = num(8, 2), h = num(11, 2), mi = num(14, 2), s = num(17, 2);
    ok = mo >= 1 && mo <= 12 && d >= 1 && d <= 31 && h <= 23 && mi <= 59 && s <= 60;
    if (ok) {
      return days_from_civil(num(0, 4), static_cast<unsigned>(mo), static_cast<unsigned>(d)) * 86400 + h * 3600 +
             mi * 60 + s;
    }
  }
  fail(i, "not a UTC time like 2020-05-25T05:00:00Z");
}

std::string format_utc(std::int64_t t_s) {
  const std::int64_t days = t_s >= 0 ? t_s / 86400 : (t_s - 86399) / 86400;
  const std::int64_t sec = t_s - days * 86400;
  // civil_from_days (H. Hinnant).
  const std::int64_t z = days + 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const auto doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  const std::int64_t y = static_cast<std::int64_t>(yoe) + era * 400 + (m <= 2 ? 1 : 0);
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z", y, m, d, sec / 3600, sec / 60 % 60, sec % 60);
}

std::vector<std::string> split_columns(std::string_view list) {
  std::vector<std::string> out;
  std::size_t from = 0;
  while (true) {
    const std::size_t comma = list.find(',', from);
    out.emplace_back(list.substr(from, comma == std::string_view::npos ? std::string_view::npos : comma - from));
    if (comma == std::string_view::npos) return out;
    from = comma + 1;
  }
}

void read_csv(const std::string& read_path, const std::string& shown_path, const std::vector<std::string>& expected,
              const std::function<void(const CsvRow&)>& fn) {
  std::ifstream in(read_path, std::ios::binary);
  if (!in) throw ReportError(fmt::format("cannot read {}: {}", shown_path, std::strerror(errno)));
  std::string expected_header;
  for (const auto& c : expected) expected_header += (expected_header.empty() ? "" : ",") + c;

  CsvRow row;
  row.shown_path = &shown_path;
  row.names = &expected;
  std::string field;
  std::size_t line_no = 0;
  std::string line;
  bool header = true;
  while (std::getline(in, line)) {
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (header) {
      const bool match = line.compare(0, expected_header.size(), expected_header) == 0 &&
                         (line.size() == expected_header.size() || line[expected_header.size()] == ',');
      if (!match) {
        throw ReportError(fmt::format("{}:1:1: header: not the header tankersim writes (got '{}'; expected '{}')",
                                      shown_path, shown(line), expected_header));
      }
      header = false;
      continue;
    }
    if (line.empty()) continue;
    row.fields.clear();
    row.columns.clear();
    row.line = line_no;
    // Fields: plain, or quoted with "" for a quote; a quoted field may span lines.
    std::size_t i = 0;
    std::size_t column_base = 0;  // bytes of earlier lines of a row that spans several
    while (true) {
      field.clear();
      row.columns.push_back(i - column_base + 1);
      if (i < line.size() && line[i] == '"') {
        ++i;
        while (true) {
          if (i >= line.size()) {
            std::string more;
            if (!std::getline(in, more)) {
              throw ReportError(fmt::format("{}:{}:{}: row: a quoted field is not closed (got the end of the file)",
                                            shown_path, row.line, row.columns.back()));
            }
            ++line_no;
            if (!more.empty() && more.back() == '\r') more.pop_back();
            field += '\n';
            line += '\n';
            column_base = line.size();
            line += more;
            continue;
          }
          if (line[i] == '"') {
            if (i + 1 < line.size() && line[i + 1] == '"') {
              field += '"';
              i += 2;
              continue;
            }
            ++i;
            break;
          }
          field += line[i++];
        }
      } else {
        const std::size_t comma = line.find(',', i);
        const std::size_t end = comma == std::string::npos ? line.size() : comma;
        field.assign(line, i, end - i);
        i = end;
      }
      row.fields.push_back(field);
      if (i < line.size() && line[i] == ',') {
        ++i;
        continue;
      }
      break;
    }
    if (row.fields.size() < expected.size()) {
      throw ReportError(fmt::format("{}:{}:1: row: too few fields (got {}; expected {})", shown_path, row.line,
                                    row.fields.size(), expected.size()));
    }
    fn(row);
  }
  if (header) {
    throw ReportError(fmt::format("{}:1:1: header: not the header tankersim writes (got an empty file; expected '{}')",
                                  shown_path, expected_header));
  }
}

}  // namespace tankersim::report::detail
