#pragma once
// The files of one run, published together: an output folder holds either the whole new set or
// the whole previous one, never a mix (docs/output-files.md, "Publishing"). Every file is staged
// in a fresh folder beside the target (mkdtemp: same filesystem, unpredictable name), opened with
// O_CREAT|O_EXCL|O_NOFOLLOW, fsynced and listed in manifest.csv; the staging folder is fsynced and
// switched in with one rename: rename(2) when the target is absent, renameat2(RENAME_EXCHANGE)
// when it exists, after which the previous set (now under the staging name) is removed.
// Renaming each file into place on its own was rejected: five independent renames leave a new
// tracks.csv beside an older summary.csv when a run dies between them.
#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace tankersim::io {

namespace detail {
struct StagedSet;
}

/// The name of the file that marks a folder as a tankersim output set; written last.
inline constexpr std::string_view kManifestName = "manifest.csv";

class OutputSetError : public std::runtime_error {
 public:
  enum class Kind {
    refused,  ///< the target is not a folder tankersim may replace (bad --out: exit 2)
    failed,   ///< the system said no (permissions, full disk: exit 1)
  };
  OutputSetError(Kind kind, const std::string& message) : std::runtime_error(message), kind_(kind) {}
  Kind kind() const { return kind_; }

 private:
  Kind kind_;
};

/// One staged file. Writes are buffered (one write(2) per MiB: streaming, bounded memory).
class OutputFile {
 public:
  ~OutputFile();
  OutputFile(const OutputFile&) = delete;
  OutputFile& operator=(const OutputFile&) = delete;

  /// Throws OutputSetError (failed) naming the file's final path, e.g. on a full disk.
  void write(std::string_view text);
  const std::string& name() const { return name_; }
  std::uint64_t bytes() const { return bytes_; }  ///< written so far, buffered bytes included

 private:
  friend class OutputSet;
  OutputFile(int fd, std::string name, std::string shown_path);
  void flush();
  void write_all(std::string_view text);  ///< to the file, unbuffered
  void finish();                          ///< flush, fsync, close
  bool external_ = false;                 ///< written by path by another library (OutputSet::add_external)
  int fd_;
  std::string name_;
  std::string shown_path_;  ///< the final path, as the user spelled the folder
  std::string buffer_;
  std::uint64_t bytes_ = 0;
};

class OutputSet {
 public:
  /// Prepares to replace DIR (as the user spelled it; a symbolic link to a folder is followed).
  /// DIR may be absent, an empty folder, or a tankersim output set: a folder with a manifest.csv
  /// or, from versions before manifests, one holding only files tankersim and `make run` write.
  /// Anything else throws OutputSetError (refused) with the reason, and nothing is touched.
  /// Removes staging folders of dead runs into DIR, then creates this run's staging folder.
  explicit OutputSet(std::string dir);
  /// Removes the staging folder unless publish() succeeded: a failed run leaves DIR as it was.
  ~OutputSet();
  OutputSet(const OutputSet&) = delete;
  OutputSet& operator=(const OutputSet&) = delete;

  /// Creates NAME (a plain file name, at most 63 bytes, not manifest.csv) in the staging folder.
  /// The reference lives as long as the set. A set holds at most 31 files.
  OutputFile& add(const std::string& name);
  /// Reserves NAME in the staging folder for a file that a library writes by path (GDAL's
  /// drivers open their files themselves) and returns that path. The file is the set's like any
  /// other: removed with the staging folder on failure or a signal, synced by publish() and
  /// listed in the manifest with its size then. It must exist when publish() is called.
  std::string add_external(const std::string& name);

  /// Writes every file's buffered bytes to its staged file (no sync), so that a step reading the
  /// staged files before publish() (`run --report` reads the CSVs it draws) sees all of them.
  void flush();

  /// Syncs and closes every file, writes manifest.csv, syncs the staging folder and switches it
  /// in. Throws OutputSetError; outcome() then says what DIR holds. A SIGINT or SIGTERM that
  /// arrives during the switch (io::InterruptGuard) takes effect once it is done.
  void publish();

  const std::string& dir() const { return dir_; }
  /// The staging folder's path (for tests; empty once published).
  std::string staging_path() const;
  bool published() const { return published_; }
  /// What DIR holds now, for messages: "out/x keeps the previous output set", "nothing was
  /// written to out/x" or "out/x holds the new output set".
  std::string outcome() const;
  /// Set when the previous set could not be put back or removed after the switch (the next run
  /// into DIR removes it); says where it is.
  const std::string& warning() const { return warning_; }

 private:
  enum class Previous { none, empty, output_set, older_set };
  Previous inspect_target() const;
  OutputFile& create(const std::string& name);
  void check_name(const std::string& name) const;
  void finish_external(OutputFile& f);  ///< its size for the manifest; fsync
  void remove_stale_staging() const;
  void switch_in(Previous previous);
  void abandon();

  std::string dir_;
  std::string parent_;  ///< the target's parent, resolved
  std::string name_;    ///< the target's last component
  std::string staging_name_;
  int parent_fd_ = -1;
  int staging_fd_ = -1;  ///< holds an flock for the run's life: a live staging folder is locked
  Previous previous_ = Previous::none;
  bool published_ = false;
  std::vector<std::unique_ptr<OutputFile>> files_;
  detail::StagedSet* slot_ = nullptr;  ///< what a signal handler needs to remove the staging folder
  std::string warning_;
};

}  // namespace tankersim::io
