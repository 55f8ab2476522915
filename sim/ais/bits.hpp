#pragma once
// Bit packing for the payload layer: fields written most significant bit first, six bits to an
// armoured character (IEC 61162-1 table 7: values 0-39 are '0'-'W', 40-63 are '`'-'w').
#include <algorithm>
#include <array>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

namespace tankersim::ais::bits {

/// The 6-bit value of an armoured character, or -1 for a character outside the alphabet.
constexpr int unarmour(unsigned char c) {
  if (c >= '0' && c <= 'W') return c - '0';
  if (c >= '`' && c <= 'w') return c - '`' + 40;
  return -1;
}
constexpr char armour(unsigned value) { return static_cast<char>(value < 40 ? value + '0' : value - 40 + '`'); }

/// The 6-bit text code of an ASCII character: `@`-`_` are 0-31, space-`?` are 32-63; lower case
/// is upper-cased and anything else becomes `?`.
constexpr unsigned text_code(char ch) {
  auto c = static_cast<unsigned char>(ch);
  if (c >= 'a' && c <= 'z') c = static_cast<unsigned char>(c - 'a' + 'A');
  if (c >= 64 && c <= 95) return c - 64U;
  if (c >= 32 && c <= 63) return c;
  return 63;
}
constexpr char text_char(unsigned code) { return static_cast<char>(code < 32 ? code + 64 : code); }

/// Appends fields to an armoured payload; at most 32 bits a field.
class Writer {
 public:
  explicit Writer(std::string& out) : out_(out) {}
  void put(std::uint32_t value, unsigned width) {
    const std::uint64_t mask = (std::uint64_t{1} << width) - 1;
    acc_ = (acc_ << width) | (value & mask);
    pending_ += width;
    while (pending_ >= 6) {
      pending_ -= 6;
      out_.push_back(armour(static_cast<unsigned>((acc_ >> pending_) & 63U)));
    }
    acc_ &= (std::uint64_t{1} << pending_) - 1;
    bits_ += width;
  }
  void put_signed(std::int32_t value, unsigned width) { put(static_cast<std::uint32_t>(value), width); }
  void put_bool(bool value) { put(value ? 1U : 0U, 1); }
  /// `chars` characters of 6-bit text, `@`-padded.
  void put_text(std::string_view text, unsigned chars) {
    for (unsigned i = 0; i < chars; ++i) put(i < text.size() ? text_code(text[i]) : 0U, 6);
  }
  /// Pads the last character with zero bits; returns the fill bits added.
  std::uint8_t finish() {
    const unsigned fill = (6 - pending_ % 6) % 6;
    if (fill != 0) put(0, fill);
    bits_ -= fill;
    return static_cast<std::uint8_t>(fill);
  }
  std::size_t bits() const { return bits_; }

 private:
  std::string& out_;
  std::uint64_t acc_ = 0;
  unsigned pending_ = 0;
  std::size_t bits_ = 0;
};

/// The 6-bit value of every byte, 0xFF outside the alphabet (one load a character instead of
/// two range tests).
inline constexpr std::array<std::uint8_t, 256> kUnarmour = [] {
  std::array<std::uint8_t, 256> t{};
  for (unsigned c = 0; c < 256; ++c) {
    const int v = unarmour(static_cast<unsigned char>(c));
    t[c] = v < 0 ? 0xFF : static_cast<std::uint8_t>(v);
  }
  return t;
}();

/// Reads fields from an unarmoured payload by bit position.
class Reader {
 public:
  /// Longest payload read: 5 slots of 256 bits hold at most 1,008 data bits (168 characters).
  static constexpr std::size_t kMaxChars = 168;

  /// Unarmours `payload` (at most kMaxChars); false if a character is outside the alphabet.
  bool load(std::string_view payload) {
    // The bytes of a previous, longer payload go back to zero: bits past the payload read as 0.
    std::fill(bytes_.begin(), bytes_.begin() + static_cast<std::ptrdiff_t>(loaded_), std::uint8_t{0});
    std::size_t i = 0;
    std::size_t byte = 0;
    unsigned bad = 0;
    // Four characters make three bytes.
    for (; i + 4 <= payload.size(); i += 4, byte += 3) {
      const unsigned a = kUnarmour[static_cast<unsigned char>(payload[i])];
      const unsigned b = kUnarmour[static_cast<unsigned char>(payload[i + 1])];
      const unsigned c = kUnarmour[static_cast<unsigned char>(payload[i + 2])];
      const unsigned d = kUnarmour[static_cast<unsigned char>(payload[i + 3])];
      bad |= a | b | c | d;
      const std::uint32_t v = (a << 18) | (b << 12) | (c << 6) | d;
      bytes_[byte] = static_cast<std::uint8_t>(v >> 16);
      bytes_[byte + 1] = static_cast<std::uint8_t>(v >> 8);
      bytes_[byte + 2] = static_cast<std::uint8_t>(v);
    }
    std::uint32_t acc = 0;
    unsigned pending = 0;
    for (; i < payload.size(); ++i) {
      const unsigned v = kUnarmour[static_cast<unsigned char>(payload[i])];
      bad |= v;
      acc = (acc << 6) | (v & 63U);
      pending += 6;
      if (pending >= 8) {
        pending -= 8;
        bytes_[byte++] = static_cast<std::uint8_t>(acc >> pending);
        acc &= (1U << pending) - 1;
      }
    }
    if (pending > 0) bytes_[byte++] = static_cast<std::uint8_t>(acc << (8 - pending));
    loaded_ = byte;
    return (bad & 0xC0U) == 0;  // 0xFF, and only it, has the bits above the six
  }
  /// `width` (1-32) bits from bit `pos` (pos + width <= kMaxChars * 6 + 32); bits past the
  /// payload read as zero.
  std::uint32_t get(std::size_t pos, unsigned width) const {
    std::uint64_t w = 0;
    std::memcpy(&w, bytes_.data() + (pos >> 3), sizeof w);
    if constexpr (std::endian::native == std::endian::little) w = __builtin_bswap64(w);
    const unsigned shift = 64 - static_cast<unsigned>(pos & 7) - width;
    return static_cast<std::uint32_t>((w >> shift) & ((std::uint64_t{1} << width) - 1));
  }
  std::int32_t get_signed(std::size_t pos, unsigned width) const {
    const std::uint32_t raw = get(pos, width);
    const std::uint32_t sign = 1U << (width - 1);
    return static_cast<std::int32_t>(static_cast<std::int64_t>(raw ^ sign) - static_cast<std::int64_t>(sign));
  }
  bool get_bool(std::size_t pos) const { return get(pos, 1) != 0; }
  /// `chars` (at most 20) characters of 6-bit text without the trailing `@` padding and spaces.
  std::string get_text(std::size_t pos, unsigned chars) const {
    char text[20];
    std::size_t kept = 0;  // characters up to the last that is neither `@` nor a space
    for (unsigned i = 0; i < chars && i < sizeof text; ++i) {
      text[i] = text_char(get(pos + 6 * i, 6));
      if (text[i] != '@' && text[i] != ' ') kept = i + 1;
    }
    return std::string(text, kept);
  }

 private:
  // kMaxChars * 6 / 8 = 126 bytes, and 8 more so get() can read a whole window at the end.
  std::array<std::uint8_t, 134> bytes_{};
  std::size_t loaded_ = 0;
};

}  // namespace tankersim::ais::bits
