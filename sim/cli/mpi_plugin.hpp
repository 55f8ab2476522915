#pragma once
// MPI for `compare --mpi`, through tankersim_mpi.so (sim/mpi/plugin_abi.hpp): private to the cli
// module.
#include <cstdint>
#include <string>
#include <string_view>

namespace tankersim::cli {

/// The ranks of mpirun, from MPI_Init to MPI_Finalize (in the destructor). Throws
/// std::runtime_error when the plugin does not load or MPI does not start.
class MpiRanks {
 public:
  MpiRanks();
  ~MpiRanks();
  MpiRanks(const MpiRanks&) = delete;
  MpiRanks& operator=(const MpiRanks&) = delete;

  int rank() const { return rank_; }
  int size() const { return size_; }
  /// Every rank's data, in rank order, on rank 0 (empty elsewhere): a size per rank (uint64,
  /// native order) then the data.
  std::string gather(std::string_view data) const;

 private:
  int rank_ = 0;
  int size_ = 1;
};

}  // namespace tankersim::cli
