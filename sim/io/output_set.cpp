#include "tankersim/io/output_set.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <filesystem>

#include "staged_sets.hpp"
#include "tankersim/scenario/loader.hpp"

namespace tankersim::io {

namespace {

namespace fs = std::filesystem;

constexpr size_t kBufferBytes = 1 << 20;  // one write(2) per MiB: streaming, bounded memory
// The staging folder's name carries the target's name, cut so that the whole stays below
// NAME_MAX (255 bytes) with the pid and mkdtemp's six characters.
constexpr size_t kMaxNameInStagingName = 100;
// Nested folders a user put in an old set are removed to this depth (one descriptor a level).
constexpr int kMaxRemoveDepth = 64;

// A folder holding only these (and their "NAME.tmp-PID" leftovers) is an output set of a
// version without manifests, with `make run`'s map: replaceable like one with a manifest, so that
// existing out/ folders keep working. A user's own folder is unlikely to hold nothing else.
constexpr const char* kOlderSetNames[] = {"tracks.csv",          "events.csv",     "ledger.csv", "summary.csv",
                                          "summary_by_side.csv", "comparison.csv", "runs.csv",   "map.png"};

std::string why(int error) { return std::strerror(error); }

OutputSetError refused(const std::string& dir, const std::string& reason) {
  return OutputSetError(OutputSetError::Kind::refused, "cannot use " + dir + " as the output folder: " + reason);
}
OutputSetError failed(const std::string& message) { return OutputSetError(OutputSetError::Kind::failed, message); }

bool all_digits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// The names in a folder (not "." and ".."), sorted.
std::vector<std::string> list_names(int dir_fd) {
  std::vector<std::string> names;
  const int fd = ::openat(dir_fd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return names;
  DIR* d = ::fdopendir(fd);
  if (d == nullptr) {
    ::close(fd);
    return names;
  }
  while (const dirent* e = ::readdir(d)) {
    if (std::strcmp(e->d_name, ".") != 0 && std::strcmp(e->d_name, "..") != 0) names.emplace_back(e->d_name);
  }
  ::closedir(d);
  std::sort(names.begin(), names.end());
  return names;
}

// Removes NAME under DIR_FD with everything in it, never following a symbolic link: every level
// is opened with O_NOFOLLOW relative to its parent, so a link planted during the removal is
// unlinked, not entered (std::filesystem::remove_all works by path). Returns 0 or an errno.
int remove_tree(int dir_fd, const char* name, int depth = 0) {
  if (::unlinkat(dir_fd, name, 0) == 0) return 0;
  if (errno == ENOENT) return 0;
  if (errno != EISDIR) return errno;
  if (depth >= kMaxRemoveDepth) return ELOOP;
  const int fd = ::openat(dir_fd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  if (fd < 0) return errno;
  int result = 0;
  for (const auto& entry : list_names(fd)) {
    const int e = remove_tree(fd, entry.c_str(), depth + 1);
    if (result == 0) result = e;
  }
  ::close(fd);
  if (::unlinkat(dir_fd, name, AT_REMOVEDIR) != 0 && result == 0) result = errno;
  return result;
}

bool is_regular_file(int dir_fd, const std::string& name) {
  struct stat st {};
  return ::fstatat(dir_fd, name.c_str(), &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISREG(st.st_mode);
}

// A manifest's first line is its header; later formats add columns after these two.
bool has_manifest(int dir_fd) {
  const int fd = ::openat(dir_fd, std::string(kManifestName).c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
  if (fd < 0) return false;
  struct stat st {};
  char head[11] = {};
  const bool ok = ::fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && ::read(fd, head, sizeof head) == sizeof head &&
                  std::memcmp(head, "file,bytes", 10) == 0 && (head[10] == '\n' || head[10] == ',');
  ::close(fd);
  return ok;
}

bool is_older_set_name(const std::string& name) {
  std::string_view base = name;
  const size_t tmp = base.rfind(".tmp-");
  if (tmp != std::string_view::npos && all_digits(base.substr(tmp + 5))) base = base.substr(0, tmp);
  return std::any_of(std::begin(kOlderSetNames), std::end(kOlderSetNames), [&](const char* n) { return base == n; });
}

std::string staging_prefix(const std::string& name) {
  std::string prefix(1, '.');  // built by appending: GCC 12 warns (-Wrestrict) on "." + name
  prefix.append(name, 0, kMaxNameInStagingName);
  prefix.append(".tankersim-");
  return prefix;
}

// The pid in "<prefix><pid>-XXXXXX" or "<prefix><pid>-XXXXXX-old"; 0 when the name is not one.
pid_t staging_pid(std::string_view name, std::string_view prefix) {
  if (name.substr(0, prefix.size()) != prefix) return 0;
  std::string_view rest = name.substr(prefix.size());
  if (rest.size() > 4 && rest.substr(rest.size() - 4) == "-old") rest.remove_suffix(4);
  const size_t dash = rest.find('-');
  if (dash == std::string_view::npos || !all_digits(rest.substr(0, dash)) || dash > 9) return 0;
  const std::string_view random = rest.substr(dash + 1);
  if (random.size() != 6 ||
      !std::all_of(random.begin(), random.end(), [](char c) { return std::isalnum(static_cast<unsigned char>(c)); })) {
    return 0;
  }
  return static_cast<pid_t>(std::stol(std::string(rest.substr(0, dash))));
}

void copy_into(char* dest, size_t size, const std::string& src) {
  const size_t n = std::min(size - 1, src.size());
  std::memcpy(dest, src.data(), n);
  dest[n] = '\0';
}

}  // namespace

// ---- OutputFile ------------------------------------------------------------------------------

OutputFile::OutputFile(int fd, std::string name, std::string shown_path)
    : fd_(fd), name_(std::move(name)), shown_path_(std::move(shown_path)) {
  buffer_.reserve(kBufferBytes);
}

OutputFile::~OutputFile() {
  if (fd_ >= 0) ::close(fd_);
}

void OutputFile::write(std::string_view text) {
  bytes_ += text.size();
  // A MiB or more goes to the file as it is, after what is buffered: not copied into the buffer
  // first (the AIS outputs hand over theirs by the MiB; the copy was 80 M of the May 2020 run's
  // instructions with --ais, callgrind counting a byte copied as an instruction).
  if (text.size() >= kBufferBytes) {
    flush();
    write_all(text);
    return;
  }
  buffer_.append(text);
  if (buffer_.size() >= kBufferBytes) flush();
}

void OutputFile::write_all(std::string_view text) {
  size_t done = 0;
  while (done < text.size()) {
    const ssize_t n = ::write(fd_, text.data() + done, text.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) throw failed("cannot write " + shown_path_ + ": " + why(n < 0 ? errno : ENOSPC));
    done += static_cast<size_t>(n);
  }
}

void OutputFile::flush() {
  write_all(buffer_);
  buffer_.clear();
}

void OutputFile::finish() {
  flush();
  if (::fsync(fd_) != 0) throw failed("cannot sync " + shown_path_ + ": " + why(errno));
  const int fd = fd_;
  fd_ = -1;
  // On some filesystems (NFS) a delayed write error shows only at close.
  if (::close(fd) != 0) throw failed("cannot write " + shown_path_ + ": " + why(errno));
}

// ---- OutputSet -------------------------------------------------------------------------------

OutputSet::OutputSet(std::string dir) : dir_(std::move(dir)) {
  // ---- where: the target's resolved parent and last name --------------------------------
  std::string spelled = dir_;
  while (spelled.size() > 1 && spelled.back() == '/') spelled.pop_back();
  if (spelled.empty()) throw refused("\"\"", "the name is empty");
  const fs::path path(spelled);
  std::error_code ec;
  fs::path target;
  if (fs::exists(fs::status(path, ec))) {
    target = fs::canonical(path, ec);  // a link to a folder: the set goes where it points
    if (ec) throw failed("cannot create output folder " + dir_ + ": " + ec.message());
  } else if (fs::is_symlink(fs::symlink_status(path, ec))) {
    throw refused(dir_, "it is a symbolic link to nothing");
  } else {
    const fs::path parent = path.has_parent_path() ? path.parent_path() : fs::path(".");
    fs::create_directories(parent, ec);
    if (!ec) target = fs::canonical(parent, ec) / path.filename();
    if (ec) throw failed("cannot create output folder " + dir_ + ": " + ec.message());
  }
  if (!target.has_relative_path()) throw refused(dir_, "it is the root folder");
  const fs::path cwd = fs::current_path(ec);
  if (!ec) {
    const auto [t, c] = std::mismatch(target.begin(), target.end(), cwd.begin(), cwd.end());
    if (t == target.end()) {
      throw refused(
          dir_, "it is the current folder or holds it, and an output folder is replaced whole; run from outside it");
    }
  }
  parent_ = target.parent_path().string();
  name_ = target.filename().string();
  parent_fd_ = ::open(parent_.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (parent_fd_ < 0) throw failed("cannot create output folder " + dir_ + ": " + why(errno));

  try {
    previous_ = inspect_target();
    remove_stale_staging();

    // ---- the staging folder --------------------------------------------------------------
    slot_ = detail::claim_slot();
    if (slot_ == nullptr) throw failed("cannot create output folder " + dir_ + ": too many output sets open at once");
    std::string templ = parent_ + "/" + staging_prefix(name_) + std::to_string(::getpid()) + "-XXXXXX";
    if (::mkdtemp(templ.data()) == nullptr) {
      throw failed("cannot create output folder " + dir_ + ": cannot make a staging folder in " + parent_ + ": " +
                   why(errno));
    }
    staging_name_ = templ.substr(parent_.size() + 1);
    staging_fd_ = ::openat(parent_fd_, staging_name_.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (staging_fd_ < 0) {
      const int e = errno;
      ::unlinkat(parent_fd_, staging_name_.c_str(), AT_REMOVEDIR);
      throw failed("cannot create output folder " + dir_ + ": cannot open the staging folder: " + why(e));
    }
    // The lock tells a later run that this folder's owner is alive (it goes with the process,
    // even on SIGKILL). mkdtemp makes the folder 0700; the published folder gets the umask's
    // mode, as mkdir would. umask() is read by setting it, which is safe here: no other thread
    // creates files while a set is being created.
    ::flock(staging_fd_, LOCK_EX | LOCK_NB);
    const mode_t mask = ::umask(0);
    ::umask(mask);
    ::fchmod(staging_fd_, 0777 & ~mask);

    slot_->parent_fd = parent_fd_;
    slot_->staging_fd = staging_fd_;
    slot_->had_previous = previous_ == Previous::output_set || previous_ == Previous::older_set;
    copy_into(slot_->staging_name, sizeof slot_->staging_name, staging_name_);
    copy_into(slot_->shown_dir, sizeof slot_->shown_dir, scenario::printable(dir_));  // the handler prints it
    slot_->state.store(detail::kStaging);
  } catch (...) {
    if (slot_ != nullptr) detail::release_slot(slot_);
    if (staging_fd_ >= 0) {
      ::close(staging_fd_);
      ::unlinkat(parent_fd_, staging_name_.c_str(), AT_REMOVEDIR);
    }
    ::close(parent_fd_);
    throw;
  }
}

OutputSet::~OutputSet() {
  if (!published_) abandon();
  files_.clear();
  if (staging_fd_ >= 0) ::close(staging_fd_);
  if (parent_fd_ >= 0) ::close(parent_fd_);
  if (slot_ != nullptr) detail::release_slot(slot_);
}

void OutputSet::abandon() {
  int expected = detail::kStaging;
  slot_->state.compare_exchange_strong(expected, detail::kAborting);
  files_.clear();  // closes them
  remove_tree(parent_fd_, staging_name_.c_str());
}

std::string OutputSet::staging_path() const { return published_ ? std::string() : parent_ + "/" + staging_name_; }

std::string OutputSet::outcome() const {
  if (published_) return dir_ + " holds the new output set";
  if (previous_ == Previous::output_set || previous_ == Previous::older_set)
    return dir_ + " keeps the previous output set";
  return "nothing was written to " + dir_;
}

OutputSet::Previous OutputSet::inspect_target() const {
  const int fd = ::openat(parent_fd_, name_.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  if (fd < 0) {
    const int e = errno;
    if (e == ENOENT) return Previous::none;
    if (e == ENOTDIR) throw refused(dir_, "it is a file, not a folder");
    if (e == ELOOP) throw refused(dir_, "it is a symbolic link");
    throw failed("cannot read the output folder " + dir_ + ": " + why(e));
  }
  const std::vector<std::string> names = list_names(fd);
  Previous kind = Previous::empty;
  std::vector<std::string> foreign;
  if (!names.empty()) {
    if (has_manifest(fd)) {
      kind = Previous::output_set;
    } else {
      kind = Previous::older_set;
      for (const auto& n : names) {
        if (!is_older_set_name(n) || !is_regular_file(fd, n)) foreign.push_back(n);
      }
    }
  }
  ::close(fd);
  if (!foreign.empty()) {
    std::string list;
    for (size_t i = 0; i < std::min<size_t>(3, foreign.size()); ++i) list += (i > 0 ? ", " : "") + foreign[i];
    if (foreign.size() > 3) list += " and " + std::to_string(foreign.size() - 3) + " more";
    throw refused(dir_, "it holds files tankersim did not write (" + list + ") and no " + std::string(kManifestName) +
                            "; choose another --out or empty the folder");
  }
  return kind;
}

// A dead run's staging folder (or a previous set it had moved aside) is recognised by its name,
// a pid that no longer runs, and no lock held on it. Either test alone is weaker: pids are
// reused and do not cross pid namespaces; a lock is taken a moment after mkdtemp.
void OutputSet::remove_stale_staging() const {
  const std::string prefix = staging_prefix(name_);
  for (const auto& entry : list_names(parent_fd_)) {
    const pid_t pid = staging_pid(entry, prefix);
    if (pid <= 0 || pid == ::getpid()) continue;
    if (::kill(pid, 0) == 0 || errno == EPERM) continue;
    const int fd = ::openat(parent_fd_, entry.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0) continue;  // not a folder, or a symbolic link: not ours
    if (::flock(fd, LOCK_EX | LOCK_NB) == 0) remove_tree(parent_fd_, entry.c_str());
    ::close(fd);
  }
}

void OutputSet::check_name(const std::string& name) const {
  if (published_) throw std::logic_error("OutputSet::add after publish");
  if (name.empty() || name.size() >= detail::kMaxFileNameBytes || name.find('/') != std::string::npos || name == "." ||
      name == ".." || name == kManifestName) {
    throw std::invalid_argument("OutputSet::add: not a plain file name of at most 63 bytes, or manifest.csv: " + name);
  }
  for (const auto& f : files_) {
    if (f->name() == name) throw std::invalid_argument("OutputSet::add: " + name + " added twice");
  }
  if (files_.size() >= static_cast<size_t>(detail::kMaxFilesPerSet - 1))
    throw std::invalid_argument("OutputSet::add: more than " + std::to_string(detail::kMaxFilesPerSet - 1) + " files");
}

OutputFile& OutputSet::add(const std::string& name) {
  check_name(name);
  return create(name);
}

std::string OutputSet::add_external(const std::string& name) {
  check_name(name);
  const int n = slot_->files.load();
  copy_into(slot_->names[n], detail::kMaxFileNameBytes, name);  // the handler unlinks it
  slot_->files.store(n + 1);
  files_.push_back(std::unique_ptr<OutputFile>(new OutputFile(-1, name, dir_ + "/" + name)));
  files_.back()->external_ = true;
  return parent_ + "/" + staging_name_ + "/" + name;
}

void OutputSet::finish_external(OutputFile& f) {
  const int fd = ::openat(staging_fd_, f.name().c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
  struct stat st {};
  if (fd < 0 || ::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    const int e = fd < 0 ? errno : EINVAL;
    if (fd >= 0) ::close(fd);
    throw failed("cannot write " + f.shown_path_ + ": " + why(e));
  }
  f.bytes_ = static_cast<std::uint64_t>(st.st_size);
  const bool synced = ::fsync(fd) == 0;
  const int e = errno;
  ::close(fd);
  if (!synced) throw failed("cannot sync " + f.shown_path_ + ": " + why(e));
}

OutputFile& OutputSet::create(const std::string& name) {
  const int n = slot_->files.load();
  // Named for the handler before the file exists: unlinking a name not yet created is harmless,
  // a file created before its name is known would be left behind.
  copy_into(slot_->names[n], detail::kMaxFileNameBytes, name);
  slot_->files.store(n + 1);
  const std::string shown = dir_ + "/" + name;
  const int fd = ::openat(staging_fd_, name.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0666);
  if (fd < 0) throw failed("cannot create " + shown + ": " + why(errno));
  files_.push_back(std::unique_ptr<OutputFile>(new OutputFile(fd, name, shown)));
  return *files_.back();
}

void OutputSet::flush() {
  for (const auto& f : files_) f->flush();
}

void OutputSet::publish() {
  if (published_) throw std::logic_error("OutputSet::publish twice");
  for (const auto& f : files_) {
    if (f->external_) finish_external(*f);
  }
  std::string manifest = "file,bytes\n";
  for (const auto& f : files_) manifest += f->name() + "," + std::to_string(f->bytes()) + "\n";
  for (const auto& f : files_) {
    if (!f->external_) f->finish();
  }
  OutputFile& m = create(std::string(kManifestName));
  m.write(manifest);
  m.finish();
  if (::fsync(staging_fd_) != 0) throw failed("cannot sync the staging folder of " + dir_ + ": " + why(errno));
  switch_in(inspect_target());
}

// The switch: one rename, then the previous set's removal. Signals that arrive meanwhile are
// deferred (kPublishing) so that a message never says "keeps the previous set" about a folder
// that already holds the new one.
void OutputSet::switch_in(Previous previous) {
  int expected = detail::kStaging;
  if (!slot_->state.compare_exchange_strong(expected, detail::kPublishing)) {
    // A handler on another thread is removing the staging folder and will exit the process.
    for (;;) ::pause();
  }
  auto finish_deferred = [] {
    const int deferred = detail::g_deferred_signal.exchange(0);
    if (deferred != 0) detail::abandon_all_and_exit(deferred);
  };
  const char* staging = staging_name_.c_str();
  const char* target = name_.c_str();
  std::string old_name;  // where the previous set is after the switch
  int error = 0;
  if (previous == Previous::none) {
    if (::renameat(parent_fd_, staging, parent_fd_, target) != 0) error = errno;
  } else if (::renameat2(parent_fd_, staging, parent_fd_, target, RENAME_EXCHANGE) == 0) {
    old_name = staging_name_;
  } else if (errno == EINVAL || errno == ENOSYS || errno == EOPNOTSUPP || errno == EXDEV) {
    // No RENAME_EXCHANGE here (older kernels, some FUSE and network filesystems; overlayfs for
    // a folder of a lower layer): move the previous set aside, then rename. A run killed between
    // the two leaves DIR absent and the previous set whole under the "-old" name, which the next
    // run removes.
    old_name = staging_name_ + "-old";
    if (::renameat(parent_fd_, target, parent_fd_, old_name.c_str()) != 0) {
      error = errno;
    } else if (::renameat(parent_fd_, staging, parent_fd_, target) != 0) {
      error = errno;
      if (::renameat(parent_fd_, old_name.c_str(), parent_fd_, target) != 0) {
        warning_ = "the previous output set is in " + parent_ + "/" + old_name + " (" + why(errno) + ")";
      }
    }
  } else {
    error = errno;
  }
  if (error != 0) {
    slot_->state.store(detail::kStaging);
    finish_deferred();
    throw failed("cannot replace " + dir_ + " with the new output set: " + why(error));
  }
  published_ = true;
  slot_->state.store(detail::kPublished);
  files_.clear();
  const int sync_error = ::fsync(parent_fd_) != 0 ? errno : 0;
  if (!old_name.empty()) {
    if (const int e = remove_tree(parent_fd_, old_name.c_str()); e != 0) {
      const std::string reason = e == ELOOP ? "folders nested more than " + std::to_string(kMaxRemoveDepth) + " deep"
                                            : why(e);
      warning_ = "cannot remove the previous output set, moved to " + parent_ + "/" + old_name + ": " + reason +
                 " (the next run into " + dir_ + " tries again)";
    }
  }
  finish_deferred();
  if (sync_error != 0) throw failed("cannot sync the folder holding " + dir_ + ": " + why(sync_error));
}

}  // namespace tankersim::io
