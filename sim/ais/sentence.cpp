#include "tankersim/ais/sentence.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cstring>
#include <stdexcept>

namespace tankersim::ais {
namespace {

constexpr std::array<char, 16> kHex = {'0', '1', '2', '3', '4', '5', '6', '7', '8', '9', 'A', 'B', 'C', 'D', 'E', 'F'};

void append_checksum(std::string& s, std::uint8_t sum) {
  s.push_back('*');
  s.push_back(kHex[sum >> 4]);
  s.push_back(kHex[sum & 15]);
}
int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}
// The two hex digits at text[pos], or -1.
int read_checksum(std::string_view text, std::size_t pos) {
  if (pos + 2 > text.size()) return -1;
  const int hi = hex_value(text[pos]);
  const int lo = hex_value(text[pos + 1]);
  return hi < 0 || lo < 0 ? -1 : hi * 16 + lo;
}
// The first byte of `text` a tag block field cannot hold, or npos. `comma_ok` for the other
// fields, which are comma-separated themselves.
std::size_t reserved_at(std::string_view text, bool comma_ok) {
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c < 32 || c > 126) return i;
    if ((c == ',' && !comma_ok) || c == '*' || c == '\\' || c == '!' || c == '$' || c == '^' || c == '~') return i;
  }
  return std::string_view::npos;
}
std::string shown(unsigned char c) {
  if (c >= 32 && c <= 126) return std::string("'") + static_cast<char>(c) + "'";
  return "byte " + std::to_string(static_cast<unsigned>(c));
}
std::string field_problem(std::string_view what, std::string_view text, bool comma_ok) {
  const std::size_t at = reserved_at(text, comma_ok);
  if (at == std::string_view::npos) return "";
  return std::string(what) + " cannot hold " + (comma_ok ? "" : ", ") + "* \\ ! $ ^ ~ or bytes outside 32-126 (got " +
         shown(static_cast<unsigned char>(text[at])) + " at character " + std::to_string(at + 1) + ")";
}

// `\c:...,s:...,...*hh\`, built in place in one string (a tag block a received message).
std::string tag_block_text(const TagBlock& tag) {
  std::string out;
  out.reserve(24 + tag.source.size() + tag.other.size());
  out.push_back('\\');
  if (tag.unix_time_s) {
    char digits[24];
    const auto end = std::to_chars(digits, digits + sizeof digits, *tag.unix_time_s).ptr;
    out.append("c:");
    out.append(digits, static_cast<std::size_t>(end - digits));
  }
  if (!tag.source.empty()) {
    out.append(out.size() == 1 ? "s:" : ",s:");
    out.append(tag.source);
  }
  if (!tag.other.empty()) {
    if (out.size() > 1) out.push_back(',');
    out.append(tag.other);
  }
  append_checksum(out, nmea_checksum(std::string_view(out).substr(1)));
  out.push_back('\\');
  return out;
}

// Parses `c:...,s:...,x:...` (the text between `\` and `*`).
bool parse_tag_fields(std::string_view body, TagBlock& tag) {
  while (!body.empty()) {
    const std::size_t comma = body.find(',');
    const std::string_view field = body.substr(0, comma);
    body = comma == std::string_view::npos ? std::string_view{} : body.substr(comma + 1);
    if (field.size() < 2 || field[1] != ':') return false;
    const std::string_view value = field.substr(2);
    if (field[0] == 'c') {
      std::int64_t t = 0;
      const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), t);
      if (ec != std::errc{} || end != value.data() + value.size()) return false;
      tag.unix_time_s = t;
    } else if (field[0] == 's') {
      tag.source.assign(value);
    } else {
      if (!tag.other.empty()) tag.other.push_back(',');
      tag.other.append(field);
    }
  }
  return true;
}

SentenceError parse_tag_block(std::string_view& line, Sentence& s) {
  const std::size_t close = line.find('\\', 1);
  if (close == std::string_view::npos) return SentenceError::malformed_tag_block;
  const std::string_view inside = line.substr(1, close - 1);
  const std::size_t star = inside.rfind('*');
  if (star == std::string_view::npos || star + 3 != inside.size()) return SentenceError::malformed_tag_block;
  const int sum = read_checksum(inside, star + 1);
  if (sum < 0) return SentenceError::malformed_tag_block;
  if (sum != nmea_checksum(inside.substr(0, star))) return SentenceError::bad_tag_block_checksum;
  if (!parse_tag_fields(inside.substr(0, star), s.tag_block)) return SentenceError::malformed_tag_block;
  s.has_tag_block = true;
  line.remove_prefix(close + 1);
  return SentenceError::none;
}

// The seven comma-separated fields of `body` (from the talker to the fill bits), or false. The
// payload is the long one: the five fields before it and the one after are found by scanning
// from either end, and the payload is then only searched for a comma that would make an eighth.
bool split_fields(std::string_view body, std::array<std::string_view, 7>& fields) {
  const char* const begin = body.data();
  const char* const end = begin + body.size();
  const char* p = begin;
  for (std::size_t n = 0; n < 5; ++n) {
    const char* const field = p;
    while (p != end && *p != ',') ++p;
    if (p == end) return false;
    fields[n] = std::string_view(field, static_cast<std::size_t>(p - field));
    ++p;
  }
  const char* last = end;
  while (last != p && last[-1] != ',') --last;
  if (last == p) return false;  // no comma after the payload: six fields
  fields[6] = std::string_view(last, static_cast<std::size_t>(end - last));
  const std::string_view payload(p, static_cast<std::size_t>(last - 1 - p));
  if (payload.find(',') != std::string_view::npos) return false;
  fields[5] = payload;
  return true;
}
bool one_digit(std::string_view f, unsigned lo, unsigned hi, std::uint8_t& out) {
  if (f.size() != 1 || f[0] < '0' || f[0] > '9') return false;
  out = static_cast<std::uint8_t>(f[0] - '0');
  return out >= lo && out <= hi;
}
bool parse_fields(const std::array<std::string_view, 7>& f, Sentence& s) {
  const std::string_view id = f[0];
  if (id.size() != 5 || id[2] != 'V' || id[3] != 'D' || (id[4] != 'M' && id[4] != 'O')) return false;
  s.talker = id.substr(0, 2);
  s.own_ship = id[4] == 'O';
  if (!one_digit(f[1], 1, 9, s.fragment_count) || !one_digit(f[2], 1, s.fragment_count, s.fragment_number))
    return false;
  if (!f[3].empty()) {
    std::uint8_t seq = 0;
    if (!one_digit(f[3], 0, 9, seq)) return false;
    s.sequence_id = seq;
  }
  if (f[4].size() > 1) return false;
  if (f[4].size() == 1) {
    switch (f[4][0]) {
      case 'A': s.channel = Channel::a; break;
      case 'B': s.channel = Channel::b; break;
      case '1': s.channel = Channel::one; break;
      case '2': s.channel = Channel::two; break;
      default: return false;
    }
  }
  s.payload = f[5];
  return f[6].empty() || one_digit(f[6], 0, 9, s.fill_bits);
}

}  // namespace

char channel_char(Channel channel) {
  switch (channel) {
    case Channel::a: return 'A';
    case Channel::b: return 'B';
    case Channel::one: return '1';
    case Channel::two: return '2';
    case Channel::none: break;
  }
  return '\0';
}

std::uint8_t nmea_checksum(std::string_view text) {
  // Eight bytes at a time: the XOR of the bytes is the XOR of the bytes of the words' XOR.
  std::uint64_t words = 0;
  std::size_t i = 0;
  for (; i + 8 <= text.size(); i += 8) {
    std::uint64_t w = 0;
    std::memcpy(&w, text.data() + i, sizeof w);
    words ^= w;
  }
  words ^= words >> 32;
  words ^= words >> 16;
  words ^= words >> 8;
  auto sum = static_cast<std::uint8_t>(words);
  for (; i < text.size(); ++i) sum = static_cast<std::uint8_t>(sum ^ static_cast<std::uint8_t>(text[i]));
  return sum;
}

std::string tag_block_problem(const TagBlock& tag) {
  std::string problem = field_problem("tag block source", tag.source, false);
  if (problem.empty()) problem = field_problem("tag block fields", tag.other, true);
  return problem;
}

void write_sentences(const Payload& payload, const SentenceOptions& options, unsigned sequence_id,
                     std::vector<std::string>& out) {
  if (options.tag_block) {
    if (std::string problem = tag_block_problem(*options.tag_block); !problem.empty())
      throw std::invalid_argument(problem);
  }
  const std::size_t size = payload.chars.size();
  const std::size_t count = size <= kFragmentPayloadChars ? 1
                                                          : (size + kFragmentPayloadChars - 1) / kFragmentPayloadChars;
  const char channel = channel_char(options.channel);
  const std::string tag_text = options.tag_block ? tag_block_text(*options.tag_block) : std::string();
  for (std::size_t i = 0; i < count; ++i) {
    const std::string_view chunk =
        std::string_view(payload.chars).substr(i * kFragmentPayloadChars, kFragmentPayloadChars);
    std::string s;
    s.reserve(tag_text.size() + chunk.size() + 24);
    s.append(tag_text);
    const std::size_t start = s.size();
    s.push_back('!');
    s.append(options.talker.substr(0, 2));
    s.append(options.own_ship ? "VDO," : "VDM,");
    s.push_back(static_cast<char>('0' + count));
    s.push_back(',');
    s.push_back(static_cast<char>('0' + i + 1));
    s.push_back(',');
    if (count > 1) s.push_back(static_cast<char>('0' + sequence_id % 10));
    s.push_back(',');
    if (channel != '\0') s.push_back(channel);
    s.push_back(',');
    s.append(chunk);
    s.push_back(',');
    s.push_back(static_cast<char>('0' + (i + 1 == count ? payload.fill_bits : 0)));
    append_checksum(s, nmea_checksum(std::string_view(s).substr(start + 1)));
    out.push_back(std::move(s));
  }
}

void SentenceEncoder::encode(const Message& message, std::vector<std::string>& out) {
  ais::encode(message, payload_);
  const bool multi = payload_.chars.size() > kFragmentPayloadChars;
  write_sentences(payload_, options_, next_sequence_id_, out);
  if (multi) next_sequence_id_ = (next_sequence_id_ + 1) % 10;
}
std::vector<std::string> SentenceEncoder::encode(const Message& message) {
  std::vector<std::string> out;
  encode(message, out);
  return out;
}

std::string_view to_string(SentenceError error) {
  switch (error) {
    case SentenceError::none: return "none";
    case SentenceError::malformed: return "malformed";
    case SentenceError::bad_checksum: return "bad checksum";
    case SentenceError::malformed_tag_block: return "malformed tag block";
    case SentenceError::bad_tag_block_checksum: return "bad tag block checksum";
  }
  return "?";
}

ParsedLine parse_line(std::string_view line) {
  ParsedLine p;
  while (!line.empty() && (line.back() == '\n' || line.back() == '\r')) line.remove_suffix(1);
  if (!line.empty() && line.front() == '\\') {
    p.error = parse_tag_block(line, p.sentence);
    if (!p.ok()) return p;
  }
  const std::size_t star = line.find('*');
  if (line.empty() || line.front() != '!' || star == std::string_view::npos) {
    p.error = SentenceError::malformed;
    return p;
  }
  const int sum = read_checksum(line, star + 1);
  const std::string_view rest = line.substr(std::min(line.size(), star + 3));
  if (sum < 0 || (!rest.empty() && rest.front() != ',' && rest.front() != ' ' && rest.front() != '\t')) {
    p.error = SentenceError::malformed;
    return p;
  }
  const std::string_view body = line.substr(1, star - 1);
  if (sum != nmea_checksum(body)) {
    p.error = SentenceError::bad_checksum;
    return p;
  }
  std::array<std::string_view, 7> fields;
  if (!split_fields(body, fields) || !parse_fields(fields, p.sentence)) p.error = SentenceError::malformed;
  return p;
}

}  // namespace tankersim::ais
