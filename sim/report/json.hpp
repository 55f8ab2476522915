#pragma once
// JSON text for the page, private to the report module. Every string is escaped so that it is
// safe both as JSON and inside the page's <script> element: besides the quote, backslash and
// control characters, '<', '>' and '&' become \u003c, \u003e and \u0026 (so a name holding
// "</script>" or "<!--" cannot end the element), and U+2028/U+2029 are escaped as well.
#include <cstdint>
#include <string>
#include <string_view>

namespace tankersim::report::detail {

inline void json_string(std::string& out, std::string_view s) {
  static constexpr char kHex[] = "0123456789abcdef";
  out += '"';
  for (std::size_t i = 0; i < s.size(); ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c == '"' || c == '\\') {
      out += '\\';
      out += static_cast<char>(c);
    } else if (c < 0x20 || c == '<' || c == '>' || c == '&' || c == 0x7f) {
      out += "\\u00";
      out += kHex[c >> 4];
      out += kHex[c & 15];
    } else if (c == 0xe2 && i + 2 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0x80 &&
               (static_cast<unsigned char>(s[i + 2]) == 0xa8 || static_cast<unsigned char>(s[i + 2]) == 0xa9)) {
      out += static_cast<unsigned char>(s[i + 2]) == 0xa8 ? "\\u2028" : "\\u2029";
      i += 2;
    } else {
      out += static_cast<char>(c);
    }
  }
  out += '"';
}

inline std::string json_string(std::string_view s) {
  std::string out;
  json_string(out, s);
  return out;
}

/// Text for an HTML element's content or a quoted attribute.
inline std::string html_escape(std::string_view s) {
  std::string out;
  for (const char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

}  // namespace tankersim::report::detail
