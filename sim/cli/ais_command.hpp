#pragma once
// `tankersim ais decode FILE...`: private to the cli module (docs/ais.md, "tankersim ais decode").
#include <iosfwd>
#include <string>
#include <vector>

namespace tankersim::cli {

/// Decodes the NMEA lines of `files` in order ("-" is `in`) through one reassembler, writes one
/// CSV row a message to `out` and the summary of lines, messages and drops by cause to `err`.
/// Returns 0, or 2 (with nothing written to `out`) when a file cannot be opened.
int run_ais_decode(const std::vector<std::string>& files, std::istream& in, std::ostream& out, std::ostream& err);

/// Writes `v` at `p` with `decimals` (0-7) digits after the point, exactly as
/// std::to_chars(fixed) does, and returns the end; `p` needs room for 400 characters. The CSV's
/// numbers with decimals go through it (std::to_chars took a tenth of the command's time).
char* put_fixed(char* p, double v, int decimals);

}  // namespace tankersim::cli
