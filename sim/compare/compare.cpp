#include "tankersim/compare/compare.hpp"

#include <algorithm>
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

}  // namespace

CompareResult run(const std::vector<const world::World*>& worlds, const std::vector<std::string>& names,
                  const RunOptions& options) {
  CompareResult result;
  const size_t nv = worlds.size();
  for (size_t v = 0; v < nv; ++v) {
    VariantResult vr;
    vr.name = names[v];
    vr.vessels.resize(worlds[v]->vessels().size());
    result.variants.push_back(std::move(vr));
  }
  // Jobs interleave variants (job j: replication j / V, variant j % V), so a stopped comparison
  // has the same replications for every variant. Batches run in parallel and are aggregated in
  // job order: the results do not depend on the thread count. A batch holds a few jobs per
  // thread, so memory does not grow with the number of replications.
  const std::uint64_t total = options.replications * nv;
  const unsigned threads = std::max(1U, options.threads);
  const std::uint64_t batch = nv * std::max<std::uint64_t>(1, (16ULL * threads + nv - 1) / nv);
  std::vector<std::vector<VesselRun>> results(static_cast<size_t>(batch));
  std::vector<char> finished(static_cast<size_t>(batch));
  auto stopped = [&] { return options.stop != nullptr && options.stop->load(); };
  std::uint64_t done = 0;
  while (done < total && !stopped()) {
    const std::uint64_t n = std::min(batch, total - done);
    std::fill(finished.begin(), finished.end(), 0);
    std::atomic<std::uint64_t> next{0};
    // A worker's exception (out of memory) is carried to this thread and rethrown after every
    // worker has stopped; escaping a thread it would call std::terminate.
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
    // Aggregate whole replications (all variants) in order; a stop keeps the complete prefix.
    std::uint64_t usable = 0;
    while (usable < n && finished[static_cast<size_t>(usable)]) ++usable;
    usable = (done + usable) / nv * nv - done;
    for (std::uint64_t k = 0; k < usable; ++k) {
      const std::uint64_t job = done + k;
      const size_t v = static_cast<size_t>(job % nv);
      const auto& runs = results[static_cast<size_t>(k)];
      VariantResult& vr = result.variants[v];
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
      if (options.on_run) options.on_run(v, job / nv, runs);
    }
    done += usable;
    if (usable < n) break;  // stopped inside the batch
    if (options.on_progress) options.on_progress(done, total);
  }
  result.replications_done = done / nv;
  result.partial = result.replications_done < options.replications;
  return result;
}

}  // namespace tankersim::compare
