// zones[]: the four shapes, and the files and vendored data two of them read.
#include <fmt/format.h>

#include <algorithm>
#include <filesystem>

#include "read.hpp"
#include "tankersim/geo/land_mask.hpp"

namespace tankersim::scenario::read {

namespace {

// Why a geojson zone's file cannot be read, or "": only regular files named *.geojson or
// *.json, no larger than the scenario file limit (a zone file is data, and `file: /dev/zero` or
// `file: /etc/shadow` must not be opened).
std::string unusable_zone_file(const std::string& path, std::size_t max_bytes) {
  namespace fs = std::filesystem;
  std::string ext = fs::path(path).extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (ext != ".geojson" && ext != ".json")
    return fmt::format("not a GeoJSON file name (got '{}'; expected a name ending in .geojson or .json)", shown(path));
  std::error_code ec;
  const auto status = fs::status(path, ec);
  if (ec || !fs::exists(status)) return fmt::format("no such file (got '{}')", shown(path));
  if (!fs::is_regular_file(status))
    return fmt::format("not a regular file (got '{}'; expected a GeoJSON file)", shown(path));
  if (const auto size = fs::file_size(path, ec); !ec && size > max_bytes) {
    return fmt::format("file too large ({} bytes; expected at most {}; raise with --max-file-bytes)", size, max_bytes);
  }
  return "";
}

void read_polygon(Builder& b, const Cursor& c, Zone& z) {
  z.polygon = b.pairs(c, "points");
  if (z.polygon.size() < 3) {
    b.reader().error(c.node, c.path_to("points"),
                     fmt::format("a polygon needs at least 3 points (got {})", z.polygon.size()));
  }
}

void read_circle(Builder& b, const Cursor& c, Zone& z) {
  Reader& r = b.reader();
  if (!c.has("centre")) {
    r.error(c.node, c.path_to("centre"), "required key 'centre' is missing (for a circle)");
  } else if (auto centre = b.point(c.at("centre"))) {
    z.centre = *centre;
  }
  z.radius_m = b.quantity(c, "radius").value_or(0.0);
  if (!c.has_quantity("radius"))
    r.error(c.node, c.path_to("radius"), "required key 'radius' is missing (for a circle)");
}

// The file is relative to the scenario file.
void read_geojson(Builder& b, const Cursor& c, const std::string& scenario_file, Zone& z) {
  Reader& r = b.reader();
  const auto file = b.text(c, "file");
  if (!file) {
    r.error(c.node, c.path_to("file"), "required key 'file' is missing (for a geojson zone)");
    return;
  }
  namespace fs = std::filesystem;
  fs::path p(*file);
  if (p.is_relative()) p = fs::path(scenario_file).parent_path() / p;
  z.file = p.lexically_normal().string();
  if (const std::string why = unusable_zone_file(z.file, b.options().max_file_bytes); !why.empty()) {
    r.error(c.node["file"], c.path_to("file"), why);
    return;
  }
  try {
    z.parts = geo::read_geojson_rings(z.file);
  } catch (const std::runtime_error& ex) {
    r.error(c.node["file"], c.path_to("file"),
            fmt::format("not a usable GeoJSON file ({}; expected Polygon or MultiPolygon features)", ex.what()));
  }
}

void read_territorial_sea(Builder& b, const Cursor& c, Zone& z) {
  Reader& r = b.reader();
  z.countries = b.strings(c, "countries");
  if (z.countries.empty())
    r.error(c.node, c.path_to("countries"), "required key 'countries' is missing or empty (for a territorial_sea)");
  const auto& seas = territorial_seas();
  std::vector<std::string> known;
  for (const auto& [code, rings] : seas) known.push_back(code);
  for (size_t i = 0; i < z.countries.size(); ++i) {
    const auto it = seas.find(z.countries[i]);
    if (it == seas.end()) {
      r.error(c.node["countries"][i], fmt::format("{}.countries[{}]", c.path, i),
              fmt::format("no territorial sea for '{}' in the vendored data (expected one of {}){}",
                          shown(z.countries[i]), join(known), r.hint(z.countries[i], known, 1)));
      continue;
    }
    z.parts.insert(z.parts.end(), it->second.begin(), it->second.end());
  }
}

}  // namespace

void read_zone(Builder& b, const Cursor& c, const std::string& scenario_file, Zone& z) {
  z.name = b.text(c, "name").value_or("");
  const auto kind = b.choice_of<ZoneKind>(c, "kind");
  if (!kind) return;  // reported; the shape's keys are not checked against a kind it does not have
  z.kind = *kind;
  switch (z.kind) {
    case ZoneKind::polygon: read_polygon(b, c, z); break;
    case ZoneKind::circle: read_circle(b, c, z); break;
    case ZoneKind::geojson: read_geojson(b, c, scenario_file, z); break;
    case ZoneKind::territorial_sea: read_territorial_sea(b, c, z); break;
  }
}

}  // namespace tankersim::scenario::read
