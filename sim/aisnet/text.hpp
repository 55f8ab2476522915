#pragma once
// Number text for the AIS files, whose ais_truth.csv has a row per transmission (over a million
// for a month of five tankers): fixed-point and integer formatting written into a buffer, without
// fmt's format-string parsing (half of the AIS files' instructions) or a capacity check per
// character (std::string's push_back: a third of what remained; callgrind).
#include <algorithm>
#include <array>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

namespace tankersim::aisnet {

/// The nearest integer, halves away from zero: |x| + 0.5 truncated (llround but for the few
/// doubles just below a half, and without its library call).
inline std::int64_t round_half_away(double x) {
  return x >= 0.0 ? static_cast<std::int64_t>(x + 0.5) : -static_cast<std::int64_t>(-x + 0.5);
}

/// std::lround's result, inline: the truncation corrected by the exact fraction (x - trunc(x)
/// has no rounding error), for |x| < 2^63. The library call was 40 instructions a truth row.
inline std::int64_t round_like_lround(double x) {
  const auto t = static_cast<std::int64_t>(x);
  const double frac = x - static_cast<double>(t);
  return frac >= 0.5 ? t + 1 : frac <= -0.5 ? t - 1 : t;
}

/// Text of at most 16 characters kept with its length, copied as a fixed 16 bytes (two moves,
/// not a library memcpy of a variable length): the constant parts of a truth row.
struct Piece {
  std::array<char, 16> text{};
  std::uint8_t size = 0;
  /// s must have at most 16 characters.
  explicit Piece(std::string_view s = {}) : size(static_cast<std::uint8_t>(s.size())) {
    std::copy(s.begin(), s.end(), text.begin());  // not memcpy: an empty view's data may be null
  }
};

/// "00" to "99": the digits of v % 100 at kDigitPairs + 2 * (v % 100). Two digits a division
/// halve the divisions, which took half of a truth row's instructions one digit at a time (as
/// {fmt} does).
inline constexpr char kDigitPairs[] =
    "00010203040506070809101112131415161718192021222324252627282930313233343536373839404142434445464748495051525354"
    "555657585960616263646566676869707172737475767778798081828384858687888990919293949596979899";

/// Writes text into a buffer its owner has sized for the longest row and 16 bytes more (a Piece
/// is copied whole).
class TextWriter {
 public:
  explicit TextWriter(char* at) : p_(at) {}
  char* end() const { return p_; }
  void put(char c) { *p_++ = c; }
  void put(std::string_view s) {
    p_ = std::copy(s.begin(), s.end(), p_);  // not memcpy: an empty view's data may be null
  }
  void put(const Piece& s) {
    std::memcpy(p_, s.text.data(), s.text.size());
    p_ += s.size;
  }
  /// 0 to 999, without a loop: most of the numbers of a truth row.
  void put_below_1000(std::uint32_t v) {
    if (v < 10) {
      *p_++ = static_cast<char>('0' + v);
    } else if (v < 100) {
      put_2(static_cast<std::int64_t>(v));
    } else {
      *p_++ = static_cast<char>('0' + v / 100);
      put_2(static_cast<std::int64_t>(v % 100));
    }
  }
  void put_uint(std::uint64_t v) {
    // The number of digits by comparisons, not divisions.
    static constexpr auto kPow10 = [] {
      std::array<std::uint64_t, 19> p{};  // 10^1 to 10^19
      std::uint64_t x = 1;
      for (std::uint64_t& e : p) e = x *= 10;
      return p;
    }();
    int n = 1;
    while (n < 20 && v >= kPow10[n - 1]) ++n;
    put_digits(v, n);
  }
  /// Two digits, zero-padded (00-99).
  void put_2(std::int64_t v) {
    std::memcpy(p_, kDigitPairs + 2 * v, 2);
    p_ += 2;
  }
  /// put_fixed(v, 6), unrolled for |v| < 1000 (latitudes and longitudes): the same text.
  void put_fixed_6(double v) {
    const std::int64_t scaled = round_half_away(v * 1e6);
    const std::uint64_t a = scaled < 0 ? static_cast<std::uint64_t>(-scaled) : static_cast<std::uint64_t>(scaled);
    if (a >= 1'000'000'000) {
      put_fixed(v, 6);
      return;
    }
    if (scaled < 0) put('-');
    const auto a32 = static_cast<std::uint32_t>(a);
    put_below_1000(a32 / 1'000'000);
    put('.');
    const std::uint32_t frac = a32 % 1'000'000;
    put_2(static_cast<std::int64_t>(frac / 10'000));
    put_2(static_cast<std::int64_t>(frac / 100 % 100));
    put_2(static_cast<std::int64_t>(frac % 100));
  }
  /// put_fixed(v, 1), unrolled for |v| < 1000 (speeds and courses): the same text.
  void put_fixed_1(double v) {
    const std::int64_t scaled = round_half_away(v * 10.0);
    const std::uint64_t a = scaled < 0 ? static_cast<std::uint64_t>(-scaled) : static_cast<std::uint64_t>(scaled);
    if (a >= 10'000) {
      put_fixed(v, 1);
      return;
    }
    if (scaled < 0) put('-');
    const auto a32 = static_cast<std::uint32_t>(a);
    put_below_1000(a32 / 10);
    put('.');
    put(static_cast<char>('0' + a32 % 10));
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
    put_digits(a % kIntScale[decimals], decimals);
  }

 private:
  /// The last n digits of v, zero-padded to n, two at a time from the right.
  void put_digits(std::uint64_t v, int n) {
    char* const end = p_ + n;
    char* at = end;
    for (; n >= 2; n -= 2) {
      at -= 2;
      std::memcpy(at, kDigitPairs + 2 * (v % 100), 2);
      v /= 100;
    }
    if (n == 1) *--at = static_cast<char>('0' + v % 10);
    p_ = end;
  }

  char* p_;
};

inline void append_uint(std::string& out, std::uint64_t v) {
  char buf[20];
  TextWriter w(buf);
  w.put_uint(v);
  out.append(buf, static_cast<std::size_t>(w.end() - buf));
}

}  // namespace tankersim::aisnet
