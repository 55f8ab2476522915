#pragma once
// Reading back the CSV files tankersim writes (RFC 4180), private to the report module. Rows are
// streamed to a callback, so memory holds what the report keeps, not the file.
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace tankersim::report::detail {

/// One data row: its fields (unquoted) and where each begins, for messages.
struct CsvRow {
  std::vector<std::string> fields;
  std::vector<std::size_t> columns;  ///< 1-based byte column of each field's first character
  std::size_t line = 0;              ///< 1-based line where the row begins
  const std::string* shown_path = nullptr;
  const std::vector<std::string>* names = nullptr;  ///< the expected column names

  /// "FILE:LINE:COL: NAME: what (got 'FIELD')" for field i.
  [[noreturn]] void fail(std::size_t i, const std::string& what) const;
  double number(std::size_t i) const;        ///< a finite decimal number
  std::int64_t time_s(std::size_t i) const;  ///< ISO 8601 UTC to the second -> Unix seconds
  bool empty(std::size_t i) const { return fields[i].empty(); }
};

/// Reads read_path (named shown_path in messages), checks that its header begins with `expected`
/// (columns may be added after them), and calls fn for every row, which must have at least as
/// many fields. Throws ReportError.
void read_csv(const std::string& read_path, const std::string& shown_path, const std::vector<std::string>& expected,
              const std::function<void(const CsvRow&)>& fn);

/// Splits "a,b,c" on commas (column lists written in the code).
std::vector<std::string> split_columns(std::string_view list);

}  // namespace tankersim::report::detail
