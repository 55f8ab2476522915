#include "report_command.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <ostream>

#include "cli.hpp"
#include "tankersim/report/report.hpp"

namespace tankersim::cli {

namespace {

constexpr const char* kReportName = "report.html";

std::string joined(const std::string& dir, const std::string& name) {
  return dir.empty() || dir.back() == '/' ? dir + name : dir + "/" + name;
}

// Whether DIR's manifest lists report.html: the page then belongs to the set (`run --report`
// wrote it), and rewriting it would leave the manifest's size of it wrong.
bool set_lists_report(const std::string& dir) {
  std::ifstream m(joined(dir, std::string(io::kManifestName)));
  std::string line;
  while (std::getline(m, line)) {
    if (line.rfind(std::string(kReportName) + ",", 0) == 0) return true;
  }
  return false;
}

// Written beside the target and renamed over it, so a reader never sees half a page.
std::string write_whole(const std::string& path, const std::string& text) {
  const std::string tmp = fmt::format("{}.tmp-{}", path, ::getpid());
  const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0666);
  if (fd < 0) return std::strerror(errno);
  std::size_t done = 0;
  while (done < text.size()) {
    const ssize_t n = ::write(fd, text.data() + done, text.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      const int e = n < 0 ? errno : ENOSPC;
      ::close(fd);
      ::unlink(tmp.c_str());
      return std::strerror(e);
    }
    done += static_cast<std::size_t>(n);
  }
  if (::fsync(fd) != 0 || ::close(fd) != 0 || std::rename(tmp.c_str(), path.c_str()) != 0) {
    const int e = errno;
    ::unlink(tmp.c_str());
    return std::strerror(e);
  }
  return "";
}

}  // namespace

int run_report(const ReportCommandOptions& options, std::ostream& out, std::ostream& err) {
  scenario::LoadResult loaded;
  report::ReportOptions ro;
  ro.read_dir = options.dir;
  ro.shown_dir = options.dir;
  if (!options.scenario_path.empty()) {
    try {
      loaded = scenario::load_scenario_file(options.scenario_path, options.load);
    } catch (const std::runtime_error& e) {
      err << "tankersim: " << scenario::printable(e.what()) << '\n';
      return kExitRuntime;
    }
    for (const auto& d : loaded.diagnostics) err << d.str() << '\n';
    if (!loaded.ok()) return kExitBadInput;
    ro.scenario = &*loaded.scenario;
  }
  const std::string target = options.out_file.empty() ? joined(options.dir, kReportName) : options.out_file;
  report::ReportCounts counts;
  std::string page;
  try {
    page = report::render_report(ro, &counts);
  } catch (const report::ReportError& e) {
    err << "tankersim: " << scenario::printable(e.what()) << '\n';
    return kExitBadInput;
  }
  if (options.out_file.empty() && set_lists_report(options.dir)) {
    err << fmt::format(
        "tankersim: cannot write {}: it belongs to the output set (its manifest.csv lists it: run --report wrote "
        "it); choose another file with -o\n",
        scenario::printable(target));
    return kExitBadInput;
  }
  if (const std::string e = write_whole(target, page); !e.empty()) {
    err << fmt::format("tankersim: cannot write {}: {}\n", scenario::printable(target), e);
    return kExitRuntime;
  }
  if (counts.comparison) {
    out << fmt::format("wrote {} ({} bytes: the comparison's charts and tables)\n", scenario::printable(target),
                       page.size());
  } else {
    out << fmt::format("wrote {} ({} bytes: {} vessel tracks, {} unit tracks, {} events, {} zones, {} patrols)\n",
                       scenario::printable(target), page.size(), counts.vessel_tracks, counts.unit_tracks,
                       counts.events, counts.zones, counts.patrols);
  }
  return kExitOk;
}

std::size_t add_report_to_set(io::OutputSet& set, const scenario::Scenario& s) {
  set.flush();
  report::ReportOptions ro;
  ro.read_dir = set.staging_path();
  ro.shown_dir = set.dir();
  ro.scenario = &s;
  ro.require_manifest = false;
  // The run's own files: a ReportError here is a bug, not bad input, and run maps it to exit 1.
  const std::string page = report::render_report(ro);
  set.add(kReportName).write(page);
  return page.size();
}

}  // namespace tankersim::cli
