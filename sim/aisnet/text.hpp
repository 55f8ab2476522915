#pragma once
// Number text for the AIS files, whose ais_truth.csv has a row per transmission (over a million
// for a month of five tankers): fixed-point and integer formatting without fmt's format-string
// parsing, which was half of the AIS outputs' time (callgrind).
#include <cmath>
#include <cstdint>
#include <string>

namespace tankersim::aisnet {

inline void append_uint(std::string& out, std::uint64_t v) {
  char buf[20];
  int n = 0;
  do {
    buf[n++] = static_cast<char>('0' + v % 10);
    v /= 10;
  } while (v != 0);
  while (n > 0) out += buf[--n];
}

/// v with `decimals` digits after the point, rounded half away from zero (llround of v x 10^d).
inline void append_fixed(std::string& out, double v, int decimals) {
  static constexpr double kScale[] = {1.0, 10.0, 100.0, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9};
  static constexpr std::uint64_t kIntScale[] = {1,      10,      100,      1000,      10000,
                                                100000, 1000000, 10000000, 100000000, 1000000000};
  const std::int64_t scaled = std::llround(v * kScale[decimals]);
  std::uint64_t a = scaled < 0 ? static_cast<std::uint64_t>(-scaled) : static_cast<std::uint64_t>(scaled);
  if (scaled < 0) out += '-';
  append_uint(out, a / kIntScale[decimals]);
  if (decimals == 0) return;
  out += '.';
  std::uint64_t frac = a % kIntScale[decimals];
  char buf[10];
  for (int k = decimals - 1; k >= 0; --k) {
    buf[k] = static_cast<char>('0' + frac % 10);
    frac /= 10;
  }
  out.append(buf, static_cast<std::size_t>(decimals));
}

/// Two digits, zero-padded (00-99).
inline void append_2(std::string& out, std::int64_t v) {
  out += static_cast<char>('0' + v / 10);
  out += static_cast<char>('0' + v % 10);
}

}  // namespace tankersim::aisnet
