#pragma once
// `tankersim validate`, `tankersim ports` and `tankersim schema`: private to the cli module.
#include <iosfwd>
#include <string>

#include "tankersim/scenario/loader.hpp"

namespace tankersim::cli {

int run_validate(const std::string& path, const scenario::LoadOptions& options, std::ostream& out, std::ostream& err);
/// The built-in places whose name, alias or country code holds text (place_key), in country
/// (an ISO 3166-1 alpha-3 code, or Pub. 151's name for it) when that is not empty.
int run_ports(const std::string& text, const std::string& country, std::ostream& out);
int run_schema(std::ostream& out);

}  // namespace tankersim::cli
