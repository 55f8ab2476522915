#include "csv_reader.hpp"

#include <fmt/format.h>

#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstring>
#include <fstream>
#include <optional>

#include "tankersim/report/report.hpp"
#include "tankersim/scenario/loader.hpp"

namespace tankersim::report::detail {

namespace {

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
  // YYYY-MM-DDTHH:MM:SSZ exactly, as io::utc writes it; parse_utc checks the calendar.
  static constexpr char kShape[] = "dddd-dd-ddTdd:dd:ddZ";
  bool ok = f.size() == sizeof kShape - 1;
  for (std::size_t k = 0; ok && k < f.size(); ++k) {
    ok = kShape[k] == 'd' ? (f[k] >= '0' && f[k] <= '9') : f[k] == kShape[k];
  }
  const std::optional<long long> t = ok ? scenario::parse_utc(f) : std::nullopt;
  if (!t) fail(i, "not a UTC time like 2020-05-25T05:00:00Z");
  return *t;
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
