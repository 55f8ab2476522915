#pragma once
// The entry points of tankersim_mpi.so, which `compare --mpi` loads (sim/cli/mpi_plugin.cpp):
// linking Open MPI into the program would load it, and its dozens of libraries, at every start of
// every command; as a plugin it is loaded only under mpirun. C names, so that dlsym finds them.
#include <cstdint>

namespace tankersim::mpi::plugin {

inline constexpr const char* kFileName = "tankersim_mpi.so";
inline constexpr const char* kInitName = "tankersim_mpi_init";
inline constexpr const char* kGatherName = "tankersim_mpi_gather";
inline constexpr const char* kFreeName = "tankersim_mpi_free";
inline constexpr const char* kFinalizeName = "tankersim_mpi_finalize";

/// MPI_Init; the rank and the number of ranks. 0 on success.
using InitFn = int (*)(int* rank, int* size);
/// Every rank gives `bytes` of data; rank 0 gets in *out the ranks' sizes (size x uint64) then
/// their data in rank order (to free with FreeFn), the others nullptr. 0 on success.
using GatherFn = int (*)(const char* data, std::uint64_t bytes, char** out, std::uint64_t* out_bytes);
using FreeFn = void (*)(char* data);
/// MPI_Finalize. 0 on success.
using FinalizeFn = int (*)();

}  // namespace tankersim::mpi::plugin
