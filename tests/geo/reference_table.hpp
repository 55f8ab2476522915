#pragma once
// Reads the GeodSolve tables in tests/geo/data (see make_reference.py there).
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

namespace tankersim::testing {

struct TableRow {
  int line;
  std::vector<double> v;
};

inline std::vector<TableRow> read_table(const std::string& name, size_t columns) {
  const std::string path = std::string(TANKERSIM_TEST_DATA) + "/" + name;
  std::ifstream f(path);
  if (!f) throw std::runtime_error("cannot open " + path);
  std::vector<TableRow> rows;
  std::string line;
  int n = 0;
  while (std::getline(f, line)) {
    ++n;
    if (line.empty() || line[0] == '#') continue;
    std::istringstream s(line);
    TableRow row{n, {}};
    for (double x; s >> x;) row.v.push_back(x);
    if (row.v.size() != columns) throw std::runtime_error(path + ": bad line " + std::to_string(n));
    rows.push_back(row);
  }
  return rows;
}

/// Difference of two angles in degrees, modulo 360 (so 180 and -180 agree).
inline double angle_error_deg(double a, double b) {
  double d = std::remainder(a - b, 360.0);
  return d < 0 ? -d : d;
}

}  // namespace tankersim::testing
