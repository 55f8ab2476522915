#pragma once
// Output files are written to a temporary name beside the target and renamed when complete, so a
// killed run never leaves a half-written CSV that looks finished (DESIGN.md, "Output files").
#include <cstdio>
#include <string>
#include <string_view>

namespace tankersim::io {

class AtomicFile {
 public:
  /// Opens "<path>.tmp-<pid>" for writing; throws std::runtime_error naming the path on failure.
  explicit AtomicFile(std::string path);
  ~AtomicFile();  ///< removes the temporary file unless commit() succeeded
  AtomicFile(const AtomicFile&) = delete;
  AtomicFile& operator=(const AtomicFile&) = delete;

  void write(std::string_view text);
  /// Flushes, closes and renames onto the target; throws std::runtime_error on failure.
  void commit();
  const std::string& path() const { return path_; }

 private:
  std::string path_;
  std::string temp_;
  std::FILE* file_ = nullptr;
  std::string buffer_;
};

}  // namespace tankersim::io
