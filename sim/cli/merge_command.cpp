#include "merge_command.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <climits>
#include <filesystem>
#include <fstream>
#include <optional>
#include <ostream>

#include "cli.hpp"
#include "compare_command.hpp"
#include "output_folder.hpp"
#include "report/csv_reader.hpp"
#include "tankersim/compare/compare.hpp"
#include "tankersim/report/report.hpp"
#include "tankersim/scenario/loader.hpp"

namespace tankersim::cli {

namespace {

using report::ReportError;
using report::detail::CsvRow;

/// Bad shards: the message says which folder and what, exit 2.
struct MergeError {
  std::string message;
};

/// What a shard's shard_info.csv says.
struct ShardInfo {
  std::string dir;
  std::string format, scenario, inputs, sensing, against;
  std::uint64_t seed = 0, replications = 0, index = 0, count = 0, first = 0, done = 0;
  bool partial = false;
  bool independent = false;
  std::vector<std::string> variants;
  std::vector<std::vector<std::string>> vessels;
};

/// Field i as a whole number of type T (unsigned: no sign).
template <typename T>
T parse_int(const CsvRow& row, std::size_t i) {
  const std::string& f = row.fields[i];
  T x = 0;
  const auto [end, ec] = std::from_chars(f.data(), f.data() + f.size(), x);
  if (f.empty() || ec != std::errc() || end != f.data() + f.size()) row.fail(i, "not a whole number");
  return x;
}
std::uint64_t whole(const CsvRow& row, std::size_t i) { return parse_int<std::uint64_t>(row, i); }
std::int64_t integer(const CsvRow& row, std::size_t i) { return parse_int<std::int64_t>(row, i); }

bool flag(const CsvRow& row, std::size_t i) {
  if (row.fields[i] != "true" && row.fields[i] != "false") row.fail(i, "expected true or false");
  return row.fields[i] == "true";
}

ShardInfo read_info(const std::string& dir) {
  const std::string path = (std::filesystem::path(dir) / "shard_info.csv").string();
  if (!std::filesystem::exists(path))
    throw MergeError{
        fmt::format("{}: not a shard of tankersim compare (no shard_info.csv; write shards with compare "
                    "--shard I/N)",
                    scenario::printable(dir))};
  ShardInfo s;
  s.dir = dir;
  static const std::vector<std::string> kColumns{"key", "index", "value"};
  report::detail::read_csv(path, path, kColumns, [&](const CsvRow& row) {
    const std::string& key = row.fields[0];
    const std::string& value = row.fields[2];
    if (key == "format") s.format = value;
    else if (key == "scenario") s.scenario = value;
    else if (key == "inputs") s.inputs = value;
    else if (key == "seed") s.seed = whole(row, 2);
    else if (key == "replications") s.replications = whole(row, 2);
    else if (key == "shard") s.index = whole(row, 2);
    else if (key == "shards") s.count = whole(row, 2);
    else if (key == "first_replication") s.first = whole(row, 2);
    else if (key == "replications_done") s.done = whole(row, 2);
    else if (key == "partial") s.partial = flag(row, 2);
    else if (key == "independent_streams") s.independent = flag(row, 2);
    else if (key == "sensing") s.sensing = value;
    else if (key == "against") s.against = value;
    else if (key == "variant") {
      if (whole(row, 1) != s.variants.size()) row.fail(1, "variants out of order");
      s.variants.push_back(value);
      s.vessels.emplace_back();
    } else if (key == "vessel") {
      const std::uint64_t v = whole(row, 1);
      if (v >= s.vessels.size()) row.fail(1, "a vessel of no variant");
      s.vessels[v].push_back(value);
    } else {
      row.fail(0, "not a key of shard_info.csv");
    }
  });
  if (s.format != kShardFormat)
    throw MergeError{fmt::format("{}: shard_info.csv is not of the format this tankersim reads (got '{}'; expected {})",
                                 path, scenario::printable(s.format), kShardFormat)};
  if (s.variants.empty()) throw MergeError{fmt::format("{}: names no variant", path)};
  return s;
}

/// The shards, in shard order, checked to be the whole of one comparison.
std::vector<ShardInfo> read_shards(const std::vector<std::string>& dirs) {
  std::vector<ShardInfo> shards;
  for (const auto& d : dirs) shards.push_back(read_info(d));
  const ShardInfo& first = shards.front();
  for (const ShardInfo& s : shards) {
    if (s.inputs != first.inputs || s.seed != first.seed || s.replications != first.replications ||
        s.count != first.count || s.variants != first.variants || s.vessels != first.vessels ||
        s.sensing != first.sensing || s.independent != first.independent || s.against != first.against)
      throw MergeError{
          fmt::format("{}: a shard of another comparison than {} (its inputs differ: scenario, "
                      "overlays, --set, seed, replications, shard count or options)",
                      scenario::printable(s.dir), scenario::printable(first.dir))};
    if (s.partial)
      throw MergeError{fmt::format("{}: a PARTIAL shard (stopped after {} replications); run it again",
                                   scenario::printable(s.dir), s.done)};
  }
  std::sort(shards.begin(), shards.end(), [](const ShardInfo& a, const ShardInfo& b) { return a.index < b.index; });
  for (std::size_t k = 1; k < shards.size(); ++k) {
    if (shards[k].index == shards[k - 1].index)
      throw MergeError{fmt::format("{} and {}: both are shard {} of {}", scenario::printable(shards[k - 1].dir),
                                   scenario::printable(shards[k].dir), shards[k].index, first.count)};
  }
  std::vector<std::string> missing;
  std::size_t at = 0;
  for (std::uint64_t i = 0; i < first.count && missing.size() < 10; ++i) {
    if (at < shards.size() && shards[at].index == i) {
      ++at;
    } else {
      missing.push_back(std::to_string(i));
    }
  }
  if (!missing.empty())
    throw MergeError{fmt::format("shard{} {} of {} (counted from 0) missing: a merge needs every shard",
                                 missing.size() == 1 ? "" : "s", fmt::join(missing, ", "), first.count)};
  return shards;
}

/// Feeds a shard's shard.csv to the aggregator, job by job, checking that it holds exactly its
/// block of replications in order.
void fold_shard(const ShardInfo& s, compare::Aggregator& aggregator) {
  const std::string path = (std::filesystem::path(s.dir) / "shard.csv").string();
  static const std::vector<std::string> kColumns = report::detail::split_columns(
      std::string_view(kShardHeader, std::string_view(kShardHeader).size() - 1));
  const std::uint64_t nv = s.variants.size();
  std::uint64_t job = s.first * nv;
  std::vector<compare::VesselRun> runs;
  auto flush = [&] {
    aggregator.add(job, runs);
    runs.clear();
    ++job;
  };
  report::detail::read_csv(path, path, kColumns, [&](const CsvRow& row) {
    if (runs.size() == s.vessels[job % nv].size()) flush();
    if (whole(row, 0) != job % nv) row.fail(0, fmt::format("expected variant {} here", job % nv));
    if (whole(row, 1) != job / nv) row.fail(1, fmt::format("expected replication {} here", job / nv));
    if (whole(row, 2) != runs.size()) row.fail(2, fmt::format("expected vessel {} here", runs.size()));
    compare::VesselRun r{};
    const std::uint64_t fate = whole(row, 3);
    if (fate >= static_cast<std::uint64_t>(compare::kFates)) row.fail(3, "not a fate");
    r.fate = static_cast<engine::Fate>(fate);
    r.departed_s = row.number(4);
    r.ended_s = row.number(5);
    r.delivered_cents = integer(row, 6);
    r.seized_cents = integer(row, 7);
    r.seized_by = static_cast<std::int32_t>(std::clamp<std::int64_t>(integer(row, 8), -1, INT32_MAX));
    r.cost_cents = integer(row, 9);
    runs.push_back(r);
  });
  if (!runs.empty() && runs.size() == s.vessels[job % nv].size()) flush();
  if (job != (s.first + s.done) * nv || !runs.empty())
    throw MergeError{fmt::format("{}: holds {} of the {} variant-replications its shard_info.csv says", path,
                                 job - s.first * nv, s.done * nv)};
}

/// Appends a shard's runs.csv, without its header, to the merged one.
void append_runs(const ShardInfo& s, io::OutputFile& runs) {
  const std::string path = (std::filesystem::path(s.dir) / "runs.csv").string();
  std::ifstream in(path, std::ios::binary);
  std::string header;
  if (!in || !std::getline(in, header) || header + "\n" != kRunsHeader)
    throw MergeError{fmt::format("{}: missing or not the runs.csv tankersim writes", path)};
  std::string chunk(1 << 20, '\0');
  while (in) {
    in.read(chunk.data(), static_cast<std::streamsize>(chunk.size()));
    runs.write(std::string_view(chunk.data(), static_cast<std::size_t>(in.gcount())));
  }
}

}  // namespace

int run_merge(const MergeOptions& options, std::ostream& out, std::ostream& err) {
  std::vector<ShardInfo> shards;
  compare::RunOptions ro;
  std::optional<compare::CompareResult> result;
  try {
    shards = read_shards(options.dirs);
    const ShardInfo& first = shards.front();
    std::vector<std::size_t> vessels;
    for (const auto& v : first.vessels) vessels.push_back(v.size());
    std::optional<std::size_t> against;
    const auto it = std::find(first.variants.begin(), first.variants.end(), first.against);
    if (!first.against.empty() && it != first.variants.end())
      against = static_cast<std::size_t>(it - first.variants.begin());
    result = compare::start_result(first.variants, vessels, against);
    compare::Aggregator aggregator(*result, ro);
    for (const ShardInfo& s : shards) fold_shard(s, aggregator);
  } catch (const MergeError& e) {
    err << "tankersim: merge: " << e.message << '\n';
    return kExitBadInput;
  } catch (const ReportError& e) {
    err << "tankersim: merge: " << scenario::printable(e.what()) << '\n';
    return kExitBadInput;
  }
  const ShardInfo& first = shards.front();
  const std::string dir = options.out_dir.empty() ? "out/" + first.scenario + "-compare" : options.out_dir;
  std::optional<io::OutputSet> set;
  if (const int code = open_output_set(dir, set, err); code != kExitOk) return code;
  try {
    io::OutputFile& runs = set->add("runs.csv");
    runs.write(kRunsHeader);
    for (const ShardInfo& s : shards) append_runs(s, runs);
    write_comparison_files(*set, *result, first.vessels);
    set->publish();
  } catch (const MergeError& e) {
    err << "tankersim: merge: " << e.message << "; " << scenario::printable(set->outcome()) << '\n';
    return kExitBadInput;
  } catch (const std::runtime_error& e) {
    err << "tankersim: " << scenario::printable(e.what()) << "; " << scenario::printable(set->outcome()) << '\n';
    return kExitRuntime;
  }
  if (!set->warning().empty()) err << "tankersim: warning: " << set->warning() << '\n';
  warn_identical(*result, err);
  out << fmt::format("{}: {} variant{}, {} replication{} each, seed {}, merged from {} shard{}\n\n", first.scenario,
                     first.variants.size(), first.variants.size() == 1 ? "" : "s", result->replications_done,
                     result->replications_done == 1 ? "" : "s", first.seed, shards.size(),
                     shards.size() == 1 ? "" : "s");
  print_table(*result, first.independent, out);
  out << fmt::format("\nwrote {0}/comparison.csv, {0}/differences.csv, {0}/runs.csv\n", dir);
  return kExitOk;
}

}  // namespace tankersim::cli
