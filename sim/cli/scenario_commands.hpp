#pragma once
// `tankersim validate`, `tankersim ports` and `tankersim schema`: private to the cli module.
#include <iosfwd>
#include <string>

#include "tankersim/scenario/loader.hpp"

namespace tankersim::cli {

int run_validate(const std::string& path, const scenario::LoadOptions& options, std::ostream& out, std::ostream& err);
int run_ports(const std::string& text, std::ostream& out);
int run_schema(std::ostream& out);

}  // namespace tankersim::cli
