// libFuzzer target for the AIS decoder: any bytes, as a feed, through `tankersim ais decode`
// (line splitting, sentence and tag block parsing, reassembly, payload decoding, the CSV and its
// number formatting) must give the CSV and the summary, never a crash, hang, leak or sanitizer
// report, and the summary must count every line: lines in messages + dropped = lines.
// The seeds are tests/fuzz/corpus-ais/ (docs/testing.md).
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <sstream>
#include <string>

#include "cli/ais_command.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::istringstream in(std::string(reinterpret_cast<const char*>(data), size));
  std::ostringstream out;
  std::ostringstream err;
  if (tankersim::cli::run_ais_decode({"-"}, in, out, err) != 0) std::abort();
  unsigned long long lines = 0, messages = 0, in_messages = 0, dropped = 0;
  const std::string summary = err.str();
  if (std::sscanf(summary.c_str(),
                  "tankersim ais decode: lines %llu, messages %llu, lines in messages %llu, dropped %llu", &lines,
                  &messages, &in_messages, &dropped) != 4 ||
      in_messages + dropped != lines || messages > in_messages) {
    std::fputs(summary.c_str(), stderr);
    std::abort();
  }
  return 0;
}
