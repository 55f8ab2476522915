#include "tankersim/compare/compare.hpp"

#include <algorithm>
#include <cmath>
#include <exception>
#include <mutex>
#include <optional>
#include <thread>

namespace tankersim::compare {

std::vector<VesselRun> run_one(const world::World& world, std::uint64_t replication, engine::SensingMode sensing) {
  engine::Engine e(world, nullptr, {.replication = replication, .sensing = sensing});
  e.run();
  std::vector<VesselRun> out;
  out.reserve(world.vessels().size());
  for (std::uint32_t i = 0; i < world.vessels().size(); ++i) {
    const auto& o = e.outcomes()[i];
    const auto& b = e.ledger().balance(i);
    double ended = -1.0;
    if (o.fate == engine::Fate::delivered) ended = o.arrived_s;
    if (o.fate == engine::Fate::seized || o.fate == engine::Fate::diverted || o.fate == engine::Fate::turned_back)
      ended = o.fate_s;
    std::int32_t by = -1;
    for (const auto& [side, c] : b.seized_by) {
      if (c > 0) by = side;
    }
    out.push_back({o.fate, o.departed_s, ended, b.delivered, b.seized, by, e.costs()[i].total()});
  }
  return out;
}

double median_usd(const std::map<units::Cents, std::uint64_t>& counts) {
  std::uint64_t n = 0;
  for (const auto& [v, c] : counts) n += c;
  if (n == 0) return 0.0;
  // The mean of the two middle values for an even count.
  const std::uint64_t lo_rank = (n - 1) / 2;
  const std::uint64_t hi_rank = n / 2;
  std::optional<units::Cents> lo;
  std::optional<units::Cents> hi;
  std::uint64_t seen = 0;
  for (const auto& [v, c] : counts) {
    if (!lo && lo_rank < seen + c) lo = v;
    if (!hi && hi_rank < seen + c) hi = v;
    seen += c;
    if (lo && hi) break;
  }
  return (static_cast<double>(*lo) + static_cast<double>(*hi)) / 200.0;
}

namespace {

constexpr std::array<const char*, kOutcomes> kOutcomeNames = {
    "p_delivered", "p_seized",           "p_diverted",      "p_turned_back",
    "p_underway",  "mean_delivered_usd", "mean_seized_usd", "mean_voyage_cost_usd"};

engine::Fate fate_of(Outcome o) {
  switch (o) {
    case Outcome::p_seized: return engine::Fate::seized;
    case Outcome::p_diverted: return engine::Fate::diverted;
    case Outcome::p_turned_back: return engine::Fate::turned_back;
    case Outcome::p_underway: return engine::Fate::underway;
    default: return engine::Fate::delivered;
  }
}

void add(Aggregate& a, const VesselRun& r) {
  ++a.fates[static_cast<size_t>(r.fate)];
  ++a.fate_trials;
  if (r.ended_s >= 0.0 && r.departed_s >= 0.0) a.days_to_end.add((r.ended_s - r.departed_s) / 86400.0);
}

void add_totals(Aggregate& a, units::Cents delivered, units::Cents seized) {
  ++a.runs;
  a.delivered_usd.add(static_cast<double>(delivered) / 100.0);
  a.seized_usd.add(static_cast<double>(seized) / 100.0);
  ++a.delivered_counts[delivered];
  ++a.seized_counts[seized];
}

void add_replication(VariantResult& vr, const std::vector<VesselRun>& runs) {
  units::Cents delivered = 0;
  units::Cents seized = 0;
  for (size_t i = 0; i < runs.size(); ++i) {
    add(vr.all, runs[i]);
    add(vr.vessels[i], runs[i]);
    add_totals(vr.vessels[i], runs[i].delivered_cents, runs[i].seized_cents);
    delivered += runs[i].delivered_cents;
    seized += runs[i].seized_cents;
  }
  add_totals(vr.all, delivered, seized);
}

/// The pairs of the differences: every variant against the base, then against `against`.
std::vector<PairedDifference> pairs_of(size_t variants, std::optional<size_t> against) {
  std::vector<PairedDifference> pairs;
  for (size_t v = 1; v < variants; ++v) pairs.push_back({v, 0, {}});
  if (against && *against != 0) {
    for (size_t v = 0; v < variants; ++v) {
      if (v != *against) pairs.push_back({v, *against, {}});
    }
  }
  return pairs;
}

/// Runs jobs done .. done + n - 1 on `threads` threads into results[k] (finished[k] = 1 for each
/// one that ran). A worker's exception (out of memory) is carried to this thread and rethrown
/// after every worker has stopped; escaping a thread it would call std::terminate.
void run_batch(const std::vector<const world::World*>& worlds, const RunOptions& options, std::uint64_t done,
               std::uint64_t n, unsigned threads, std::vector<std::vector<VesselRun>>& results,
               std::vector<char>& finished) {
  const size_t nv = worlds.size();
  auto stopped = [&] { return options.stop != nullptr && options.stop->load(); };
  std::fill(finished.begin(), finished.end(), 0);
  std::atomic<std::uint64_t> next{0};
  std::exception_ptr failure;
  std::mutex failure_mutex;
  std::atomic<bool> failed{false};
  auto worker = [&] {
    try {
      for (std::uint64_t k = next++; k < n; k = next++) {
        if (stopped() || failed.load()) return;
        const std::uint64_t job = done + k;
        const size_t v = static_cast<size_t>(job % nv);
        const std::uint64_t rep = job / nv;
        const std::uint64_t stream = options.independent_streams ? rep + (static_cast<std::uint64_t>(v) << 32) : rep;
        results[static_cast<size_t>(k)] = run_one(*worlds[v], stream, options.sensing);
        finished[static_cast<size_t>(k)] = 1;
      }
    } catch (...) {
      const std::lock_guard lock(failure_mutex);
      if (!failure) failure = std::current_exception();
      failed.store(true);
    }
  };
  if (threads == 1) {
    worker();
  } else {
    // jthreads join when the pool goes out of scope, also when starting one more throws.
    std::vector<std::jthread> pool;
    try {
      for (unsigned t = 0; t < threads; ++t) pool.emplace_back(worker);
    } catch (...) {
      failed.store(true);
      throw;
    }
  }
  if (failure) std::rethrow_exception(failure);
}

}  // namespace

Aggregator::Aggregator(CompareResult& result, const RunOptions& options) : result_(result), options_(options) {
  outcomes_.resize(result.variants.size());
}

bool Aggregator::add(std::uint64_t job, const std::vector<VesselRun>& runs) {
  const size_t nv = result_.variants.size();
  const size_t v = static_cast<size_t>(job % nv);
  VariantResult& vr = result_.variants[v];
  add_replication(vr, runs);
  outcomes_[v] = outcomes_of(runs);
  for (size_t o = 0; o < kOutcomes; ++o) vr.replications[o].add(outcomes_[v][o]);
  if (options_.on_run) options_.on_run(v, job / nv, runs);
  if (v + 1 < nv) return false;
  ++result_.replications_done;
  for (PairedDifference& d : result_.differences) {
    for (size_t o = 0; o < kOutcomes; ++o) d.difference[o].add(outcomes_[d.variant][o] - outcomes_[d.against][o]);
  }
  return targets_met(result_.replications_done);
}

bool Aggregator::targets_met(std::uint64_t replications) const {
  if (options_.targets.empty() || replications < options_.min_replications) return false;
  for (const Target& t : options_.targets) {
    for (const VariantResult& vr : result_.variants) {
      if (!meets(t, vr)) return false;
    }
  }
  return true;
}

CompareResult start_result(const std::vector<std::string>& names, const std::vector<std::size_t>& vessels,
                           std::optional<std::size_t> against) {
  CompareResult result;
  for (size_t v = 0; v < names.size(); ++v) {
    VariantResult vr;
    vr.name = names[v];
    vr.vessels.resize(vessels[v]);
    result.variants.push_back(std::move(vr));
  }
  result.differences = pairs_of(names.size(), against);
  return result;
}

const char* outcome_name(Outcome o) { return kOutcomeNames[static_cast<size_t>(o)]; }

std::optional<Outcome> outcome_from_name(std::string_view name) {
  for (size_t o = 0; o < kOutcomes; ++o) {
    if (name == kOutcomeNames[o]) return static_cast<Outcome>(o);
  }
  return std::nullopt;
}

bool is_share(Outcome o) { return o <= Outcome::p_underway; }

OutcomeValues outcomes_of(const std::vector<VesselRun>& runs) {
  OutcomeValues out{};
  for (const VesselRun& r : runs) {
    for (size_t o = 0; o <= static_cast<size_t>(Outcome::p_underway); ++o)
      out[o] += r.fate == fate_of(static_cast<Outcome>(o)) ? 1.0 : 0.0;
    out[static_cast<size_t>(Outcome::mean_delivered_usd)] += static_cast<double>(r.delivered_cents);
    out[static_cast<size_t>(Outcome::mean_seized_usd)] += static_cast<double>(r.seized_cents);
    out[static_cast<size_t>(Outcome::mean_voyage_cost_usd)] += static_cast<double>(r.cost_cents);
  }
  // Sums of whole cents are exact in a double up to 2^53 cents; dollars after the sum.
  const double vessels = runs.empty() ? 1.0 : static_cast<double>(runs.size());
  for (size_t o = 0; o < kOutcomes; ++o) out[o] /= is_share(static_cast<Outcome>(o)) ? vessels : 100.0;
  return out;
}

std::optional<double> PairedDifference::variance_reduction(Outcome o, const VariantResult& a,
                                                           const VariantResult& b) const {
  const auto k = static_cast<size_t>(o);
  const double independent = a.replications[k].variance() + b.replications[k].variance();
  if (independent <= 0.0) return std::nullopt;
  return 1.0 - difference[k].variance() / independent;
}

double halfwidth(Outcome o, const VariantResult& vr) {
  if (is_share(o)) {
    const Interval w = wilson(vr.all.fates[static_cast<size_t>(fate_of(o))], vr.all.fate_trials);
    return (w.hi - w.lo) / 2.0;
  }
  const Interval i = vr.replications[static_cast<size_t>(o)].interval();
  return i.hi - i.estimate;
}

bool meets(const Target& target, const VariantResult& vr) {
  const double h = halfwidth(target.outcome, vr);
  const double estimate = vr.replications[static_cast<size_t>(target.outcome)].mean();
  return h <= (target.relative ? target.halfwidth * std::abs(estimate) : target.halfwidth);
}

CompareResult run(const std::vector<const world::World*>& worlds, const std::vector<std::string>& names,
                  const RunOptions& options) {
  const size_t nv = worlds.size();
  std::vector<size_t> vessels;
  for (const auto* w : worlds) vessels.push_back(w->vessels().size());
  CompareResult result = start_result(names, vessels, options.against);
  Aggregator aggregator(result, options);
  // Jobs interleave variants (job j: replication j / V, variant j % V), so a stopped comparison
  // has the same replications for every variant. Batches run in parallel and are aggregated in
  // job order: the results do not depend on the thread count. A batch holds a few jobs per
  // thread, so memory does not grow with the number of replications.
  const std::uint64_t first = options.first_replication * nv;
  const std::uint64_t total = options.replications * nv;
  const unsigned threads = std::max(1U, options.threads);
  const std::uint64_t batch = nv * std::max<std::uint64_t>(1, (16ULL * threads + nv - 1) / nv);
  std::vector<std::vector<VesselRun>> results(static_cast<size_t>(batch));
  std::vector<char> finished(static_cast<size_t>(batch));
  auto stopped = [&] { return options.stop != nullptr && options.stop->load(); };
  std::uint64_t done = 0;
  while (done < total && !stopped() && !result.targets_met) {
    const std::uint64_t n = std::min(batch, total - done);
    run_batch(worlds, options, first + done, n, threads, results, finished);
    // Aggregate whole replications (all variants) in order; a stop keeps the complete prefix,
    // and a met target the replications up to the one that met it, whatever the batch held.
    std::uint64_t usable = 0;
    while (usable < n && finished[static_cast<size_t>(usable)]) ++usable;
    usable = (done + usable) / nv * nv - done;
    std::uint64_t k = 0;
    while (k < usable && !result.targets_met) {
      result.targets_met = aggregator.add(first + done + k, results[static_cast<size_t>(k)]);
      ++k;
    }
    done += k;
    if (k < n && !result.targets_met) break;  // stopped inside the batch
    if (options.on_progress) options.on_progress(done, total);
  }
  result.partial = result.replications_done < options.replications && !result.targets_met;
  return result;
}

}  // namespace tankersim::compare
