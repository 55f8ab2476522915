#pragma once
// The output folder of `run` and `compare`: private to the cli module.
#include <optional>
#include <ostream>
#include <string>

#include "cli.hpp"
#include "tankersim/io/output_set.hpp"
#include "tankersim/scenario/loader.hpp"

namespace tankersim::cli {

/// Prepares the output set for dir into `set`; kExitOk, or the exit code after saying why on err
/// (a folder tankersim may not replace is bad input, a system refusal a runtime failure).
inline int open_output_set(const std::string& dir, std::optional<io::OutputSet>& set, std::ostream& err) {
  try {
    set.emplace(dir);
  } catch (const io::OutputSetError& e) {
    err << "tankersim: " << scenario::printable(e.what()) << '\n';
    return e.kind() == io::OutputSetError::Kind::refused ? kExitBadInput : kExitRuntime;
  }
  return kExitOk;
}

}  // namespace tankersim::cli
