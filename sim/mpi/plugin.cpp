// tankersim_mpi.so: the little of MPI that `compare --mpi` uses (plugin_abi.hpp).
#include <mpi.h>

#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <vector>

#include "plugin_abi.hpp"

extern "C" {

int tankersim_mpi_init(int* rank, int* size) {
  int started = 0;
  MPI_Initialized(&started);
  if (started == 0 && MPI_Init(nullptr, nullptr) != MPI_SUCCESS) return 1;
  if (MPI_Comm_rank(MPI_COMM_WORLD, rank) != MPI_SUCCESS) return 1;
  return MPI_Comm_size(MPI_COMM_WORLD, size) == MPI_SUCCESS ? 0 : 1;
}

int tankersim_mpi_gather(const char* data, std::uint64_t bytes, char** out, std::uint64_t* out_bytes) {
  int rank = 0;
  int size = 0;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  MPI_Comm_size(MPI_COMM_WORLD, &size);
  *out = nullptr;
  *out_bytes = 0;
  std::vector<std::uint64_t> sizes(static_cast<std::size_t>(size));
  if (MPI_Gather(&bytes, 1, MPI_UINT64_T, sizes.data(), 1, MPI_UINT64_T, 0, MPI_COMM_WORLD) != MPI_SUCCESS) return 1;
  // MPI_Gatherv counts in int: a rank's data is at most 2 GiB - 1 (a block of about 20 million
  // vessel-runs).
  const bool fits = bytes <= static_cast<std::uint64_t>(std::numeric_limits<int>::max());
  int all_fit = 0;
  int mine = fits ? 1 : 0;
  MPI_Allreduce(&mine, &all_fit, 1, MPI_INT, MPI_MIN, MPI_COMM_WORLD);
  if (all_fit == 0) return 2;
  std::vector<int> counts;
  std::vector<int> displacements;
  std::uint64_t total = 0;
  char* buffer = nullptr;
  const std::uint64_t head = sizeof(std::uint64_t) * static_cast<std::uint64_t>(size);
  if (rank == 0) {
    for (const std::uint64_t s : sizes) {
      if (total + s > static_cast<std::uint64_t>(std::numeric_limits<int>::max())) return 2;
      counts.push_back(static_cast<int>(s));
      displacements.push_back(static_cast<int>(total));
      total += s;
    }
    buffer = static_cast<char*>(std::malloc(head + total + 1));
    if (buffer == nullptr) return 3;
    std::memcpy(buffer, sizes.data(), head);
  }
  const int sent = MPI_Gatherv(data, static_cast<int>(bytes), MPI_CHAR, rank == 0 ? buffer + head : nullptr,
                               counts.data(), displacements.data(), MPI_CHAR, 0, MPI_COMM_WORLD);
  if (sent != MPI_SUCCESS) {
    std::free(buffer);
    return 1;
  }
  *out = buffer;
  *out_bytes = rank == 0 ? head + total : 0;
  return 0;
}

void tankersim_mpi_free(char* data) { std::free(data); }

int tankersim_mpi_finalize() { return MPI_Finalize() == MPI_SUCCESS ? 0 : 1; }
}
