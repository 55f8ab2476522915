#pragma once
// The files embedded in the binary (cmake/embed_files.cmake, listed in sim/CMakeLists.txt):
// Leaflet (third_party/leaflet) and the report's own script, style and markup (sim/report/assets).
#include <cstddef>
#include <string_view>

namespace tankersim::report::assets {

#define TANKERSIM_ASSET(name)           \
  extern const unsigned char name[];    \
  extern const std::size_t name##_size; \
  inline std::string_view name##_text() { return {reinterpret_cast<const char*>(name), name##_size}; }
TANKERSIM_ASSET(leaflet_js)
TANKERSIM_ASSET(leaflet_css)
TANKERSIM_ASSET(leaflet_layers_png)
TANKERSIM_ASSET(leaflet_layers_2x_png)
TANKERSIM_ASSET(leaflet_marker_icon_png)
TANKERSIM_ASSET(report_js)
TANKERSIM_ASSET(report_css)
TANKERSIM_ASSET(report_body_html)
#undef TANKERSIM_ASSET

}  // namespace tankersim::report::assets
