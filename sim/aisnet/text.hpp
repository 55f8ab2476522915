#pragma once
// Number text for the AIS files, whose ais_truth.csv has a row per transmission (over a million
// for a month of five tankers): fixed-point and integer formatting written into a buffer, without
// fmt's format-string parsing (half of the AIS files' instructions) or a capacity check per
// character (std::string's push_back: a third of what remained; callgrind).
#include <cstdint>
#include <string>
#include <string_view>

namespace tankersim::aisnet {

/// The nearest integer, halves away from zero: |x| + 0.5 truncated (llround but for the few
/// doubles just below a half, and without its library call).
inline std::int64_t round_half_away(double x) {
  return x >= 0.0 ? static_cast<std::int64_t>(x + 0.5) : -static_cast<std::int64_t>(-x + 0.5);
}

/// Writes text into a buffer its owner has sized for the longest row.
class TextWriter {
 public:
  explicit TextWriter(char* at) : p_(at) {}
  char* end() const { return p_; }
  void put(char c) { *p_++ = c; }
  void put(std::string_view s) {
    for (const char c : s) *p_++ = c;
  }
  void put_uint(std::uint64_t v) {
    char buf[20];
    int n = 0;
    do {
      buf[n++] = static_cast<char>('0' + v % 10);
      v /= 10;
    } while (v != 0);
    while (n > 0) *p_++ = buf[--n];
  }
  /// Two digits, zero-padded (00-99).
  void put_2(std::int64_t v) {
    *p_++ = static_cast<char>('0' + v / 10);
    *p_++ = static_cast<char>('0' + v % 10);
  }
  /// v with `decimals` (0-9) digits after the point, rounded half away from zero.
  void put_fixed(double v, int decimals) {
    static constexpr double kScale[] = {1.0, 10.0, 100.0, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9};
    static constexpr std::uint64_t kIntScale[] = {1,      10,      100,      1000,      10000,
                                                  100000, 1000000, 10000000, 100000000, 1000000000};
    const std::int64_t scaled = round_half_away(v * kScale[decimals]);
    const std::uint64_t a = scaled < 0 ? static_cast<std::uint64_t>(-scaled) : static_cast<std::uint64_t>(scaled);
    if (scaled < 0) put('-');
    put_uint(a / kIntScale[decimals]);
    if (decimals == 0) return;
    put('.');
    std::uint64_t frac = a % kIntScale[decimals];
    for (int k = decimals - 1; k >= 0; --k) {
      p_[k] = static_cast<char>('0' + frac % 10);
      frac /= 10;
    }
    p_ += decimals;
  }

 private:
  char* p_;
};

inline void append_uint(std::string& out, std::uint64_t v) {
  char buf[20];
  TextWriter w(buf);
  w.put_uint(v);
  out.append(buf, static_cast<std::size_t>(w.end() - buf));
}

}  // namespace tankersim::aisnet
