#include "tankersim/io/atomic_file.hpp"

#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>

namespace tankersim::io {

namespace {
constexpr size_t kBufferBytes = 1 << 20;  // one write(2) per MiB: streaming, bounded memory
std::string why() { return std::strerror(errno); }
}  // namespace

AtomicFile::AtomicFile(std::string path) : path_(std::move(path)) {
  temp_ = path_ + ".tmp-" + std::to_string(::getpid());
  file_ = std::fopen(temp_.c_str(), "wb");
  if (file_ == nullptr) throw std::runtime_error("cannot write " + temp_ + ": " + why());
  buffer_.reserve(kBufferBytes);
}

AtomicFile::~AtomicFile() {
  if (file_ != nullptr) {
    std::fclose(file_);
    std::remove(temp_.c_str());
  }
}

void AtomicFile::write(std::string_view text) {
  buffer_.append(text);
  if (buffer_.size() >= kBufferBytes) {
    if (std::fwrite(buffer_.data(), 1, buffer_.size(), file_) != buffer_.size()) {
      throw std::runtime_error("cannot write " + temp_ + ": " + why());
    }
    buffer_.clear();
  }
}

void AtomicFile::commit() {
  if (!buffer_.empty() && std::fwrite(buffer_.data(), 1, buffer_.size(), file_) != buffer_.size()) {
    throw std::runtime_error("cannot write " + temp_ + ": " + why());
  }
  buffer_.clear();
  if (std::fflush(file_) != 0 || ::fsync(::fileno(file_)) != 0) throw std::runtime_error("cannot flush " + temp_ + ": " + why());
  std::fclose(file_);
  file_ = nullptr;
  if (std::rename(temp_.c_str(), path_.c_str()) != 0) {
    const std::string reason = why();
    std::remove(temp_.c_str());
    throw std::runtime_error("cannot rename " + temp_ + " to " + path_ + ": " + reason);
  }
}

}  // namespace tankersim::io
