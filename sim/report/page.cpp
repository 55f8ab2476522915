#include <string>

#include "assets.hpp"
#include "basemap.hpp"
#include "json.hpp"

namespace tankersim::report::detail {

namespace {

std::string base64(std::string_view bytes) {
  static constexpr char kDigits[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  std::size_t i = 0;
  for (; i + 2 < bytes.size(); i += 3) {
    const unsigned v = static_cast<unsigned char>(bytes[i]) << 16 | static_cast<unsigned char>(bytes[i + 1]) << 8 |
                       static_cast<unsigned char>(bytes[i + 2]);
    for (int s : {18, 12, 6, 0}) out += kDigits[(v >> s) & 63];
  }
  if (i + 1 == bytes.size()) {
    const unsigned v = static_cast<unsigned char>(bytes[i]) << 16;
    out += kDigits[(v >> 18) & 63];
    out += kDigits[(v >> 12) & 63];
    out += "==";
  } else if (i + 2 == bytes.size()) {
    const unsigned v = static_cast<unsigned char>(bytes[i]) << 16 | static_cast<unsigned char>(bytes[i + 1]) << 8;
    for (int s : {18, 12, 6}) out += kDigits[(v >> s) & 63];
    out += '=';
  }
  return out;
}

void replace_all(std::string& s, const std::string& from, const std::string& to) {
  for (std::size_t at = s.find(from); at != std::string::npos; at = s.find(from, at + to.size())) {
    s.replace(at, from.size(), to);
  }
}

// Leaflet's CSS names its images by relative URL; a page opened from disk has no images folder
// beside it, so they become data: URIs.
std::string leaflet_css() {
  std::string css(assets::leaflet_css_text());
  const std::pair<const char*, std::string_view> images[] = {
      {"images/layers-2x.png", assets::leaflet_layers_2x_png_text()},
      {"images/layers.png", assets::leaflet_layers_png_text()},
      {"images/marker-icon.png", assets::leaflet_marker_icon_png_text()}};
  for (const auto& [name, bytes] : images) {
    replace_all(css, std::string("url(") + name + ")", "url(data:image/png;base64," + base64(bytes) + ")");
  }
  return css;
}

}  // namespace

std::string assemble_page(const std::string& title, const std::string& data_json) {
  std::string page =
      "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
      // Nothing may load from anywhere: the page is whole, and a request would be a bug.
      "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; script-src 'unsafe-inline'; "
      "style-src 'unsafe-inline'; img-src data:\">\n"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>tankersim report: ";
  page += html_escape(title);
  page += "</title>\n<style>\n";
  page += leaflet_css();
  page += "\n</style>\n<style>\n";
  page += assets::report_css_text();
  page += "\n</style>\n</head>\n<body>\n";
  page += assets::report_body_html_text();
  page += "\n<script type=\"application/json\" id=\"report-data\">";
  page += data_json;
  page += "</script>\n<script>\n";
  page += assets::leaflet_js_text();
  page += "\n</script>\n<script>\n";
  page += assets::report_js_text();
  page += "\n</script>\n</body>\n</html>\n";
  return page;
}

}  // namespace tankersim::report::detail
