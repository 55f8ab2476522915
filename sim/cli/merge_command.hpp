#pragma once
// `tankersim merge`: private to the cli module.
#include <iosfwd>
#include <string>
#include <vector>

namespace tankersim::cli {

struct MergeOptions {
  std::vector<std::string> dirs;  ///< the shards' output folders, in any order
  std::string out_dir;            ///< empty: out/<scenario name>-compare
};

/// Folds the shards of one comparison (compare --shard I/N) into the files one run writes.
int run_merge(const MergeOptions& options, std::ostream& out, std::ostream& err);

}  // namespace tankersim::cli
