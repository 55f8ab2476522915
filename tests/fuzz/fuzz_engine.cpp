// libFuzzer target for the engine: engine_base.yaml (two tankers; one side boards with every
// sensor model, the other escorts) with fuzzed --set overrides must, when it validates, run
// without a crash, hang, sanitizer report or ledger error.
//
// An input starting with "#set " is text: one "#set PATH=VALUE" a line (readable, for seeds
// and reproducers). Any other input is read by FuzzedDataProvider as up to kMaxOverrides
// choices of a field of engine_base.yaml (kFields) and a value of its kind: a hostile number
// ("nan", "1e308", 2^64), a double from the input's bits, a power of ten from 1e-330 to 1e330,
// a time, with a unit of the field's family. Blind byte mutations seldom make a value such as
// "0.4 s" out of "15 min"; choosing from kinds makes the loader's bounds the thing tried.
// FUZZ_ENGINE_PRINT=1 prints each input's overrides as --set arguments (to rerun a crash file
// through `tankersim run`).
//
// Each input runs fast: a scenario that is valid but big (kMax* below) is skipped, not run. What
// the loader promises (every interval > 0 s) is checked before the run, as an abort: a
// scenario breaking it is a loader bug, and it would otherwise show up as a hang.
#include <fuzzer/FuzzedDataProvider.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "tankersim/engine/engine.hpp"
#include "tankersim/scenario/loader.hpp"
#include "tankersim/world/world.hpp"

namespace {

using tankersim::scenario::DetectionModel;
using tankersim::scenario::Scenario;
using tankersim::scenario::SensorKind;

constexpr std::size_t kMaxOverrides = 8;
constexpr std::size_t kMaxVessels = 8;
constexpr std::size_t kMaxUnits = 8;
constexpr std::int64_t kMaxDuration_s = 60LL * 86400;  // the what-if scenario runs 51 days
constexpr std::int64_t kMaxSteps = 20'000;             // 60 days at 5 min
constexpr std::int64_t kMaxSamples = 50'000;           // tracks.csv rows: vessels x duration / interval
constexpr std::int64_t kMaxLooks = 200'000;            // per sensor and vessel: duration / look interval

enum class Kind { duration, speed, distance, number, time, text };

struct Field {
  const char* path;
  Kind kind;
  std::vector<const char*> choices = {};  // text: the valid values (anything else is tried too)
};

// Fields of engine_base.yaml, addressed as --set does (by name or index).
const std::vector<Field>& fields() {
  static const std::vector<Field> f = {
      {"simulation.duration", Kind::duration},
      {"simulation.step", Kind::duration},
      {"simulation.output_interval", Kind::duration},
      {"simulation.start", Kind::time},
      {"simulation.seed", Kind::number},
      {"simulation.earth", Kind::text, {"sphere", "wgs84"}},
      {"vessels.Alpha.service_speed", Kind::speed},
      {"vessels.Alpha.max_speed", Kind::speed},
      {"vessels.Alpha.departure", Kind::time},
      {"vessels.Alpha.discharge", Kind::duration},
      {"vessels.Alpha.speed_schedule.0.from", Kind::time},
      {"vessels.Alpha.speed_schedule.0.speed", Kind::speed},
      {"vessels.Alpha.route.1.dwell", Kind::duration},
      {"vessels.Alpha.route.1.speed", Kind::speed},
      {"vessels.Alpha.route.2.lat", Kind::number},
      {"vessels.Alpha.route.2.lon", Kind::number},
      {"vessels.Alpha.ais.0.from", Kind::time},
      {"vessels.Alpha.ais.0.to", Kind::time},
      {"vessels.Alpha.cargo.volume_bbl", Kind::number},
      {"vessels.Alpha.cargo.price_curve.0.usd_per_bbl", Kind::number},
      {"vessels.Alpha.cargo.price_curve.1.date", Kind::time},
      {"vessels.Alpha.fuel.design_consumption_t_per_day", Kind::number},
      {"vessels.Alpha.fuel.design_speed", Kind::speed},
      {"vessels.Alpha.fuel.exponent", Kind::number},
      {"vessels.Alpha.fuel.bunker_usd_per_t", Kind::number},
      {"vessels.Alpha.charter_hire_usd_per_day", Kind::number},
      {"vessels.Alpha.hull_value_usd", Kind::number},
      {"vessels.Bravo.service_speed", Kind::speed},
      {"vessels.Bravo.departure", Kind::time},
      {"vessels.Bravo.cargo.price_usd_per_bbl", Kind::number},
      {"zones.VEN EEZ.radius", Kind::distance},
      {"economics.canal_dues.0.usd", Kind::number},
      {"economics.war_risk.pct_per_7_days", Kind::number},
      {"sides.US.lose_contact_after", Kind::duration},
      {"sides.US.units.Detroit.max_speed", Kind::speed},
      {"sides.US.units.Detroit.patrol_speed", Kind::speed},
      {"sides.US.units.Detroit.endurance", Kind::duration},
      {"sides.US.units.Detroit.turnaround", Kind::duration},
      {"sides.US.units.Detroit.patrol.kind", Kind::text, {"station", "area", "barrier", "waypoints"}},
      {"sides.US.units.Detroit.sensors.0.range", Kind::distance},
      {"sides.US.units.Detroit.sensors.0.rate_per_h", Kind::number},
      {"sides.US.units.Detroit.sensors.0.model", Kind::text, {"cookie_cutter", "rate", "table"}},
      {"sides.US.units.Detroit.sensors.1.p_detect", Kind::number},
      {"sides.US.units.P-8.patrol.radius", Kind::distance},
      {"sides.US.units.P-8.patrol_speed", Kind::speed},
      {"sides.US.units.P-8.sensors.0.range", Kind::distance},
      {"sides.US.units.P-8.sensors.0.look_interval", Kind::duration},
      {"sides.US.units.Satellite.sensors.0.revisit", Kind::duration},
      {"sides.US.units.Satellite.sensors.0.p_detect", Kind::number},
      {"sides.US.rules.0.action", Kind::text, {"shadow", "warn", "board", "administrative_seizure"}},
      {"sides.US.rules.0.outcome", Kind::text, {"seize", "divert"}},
      {"sides.US.rules.0.board_duration", Kind::duration},
      {"sides.US.rules.0.boarding_range", Kind::distance},
      {"sides.US.rules.0.p_success", Kind::number},
      {"sides.US.rules.0.p_comply", Kind::number},
      {"sides.US.rules.0.p_per_day", Kind::number},
      {"sides.US.rules.0.escort_deterrence", Kind::number},
      {"sides.US.rules.0.when.from", Kind::time},
      {"sides.Venezuela.units.Yekuana.max_speed", Kind::speed},
      {"sides.Venezuela.units.Yekuana.sensors.0.range", Kind::distance},
  };
  return f;
}

const char* const kHostileNumbers[] = {"nan",
                                       ".nan",
                                       "inf",
                                       "-inf",
                                       ".inf",
                                       "-.inf",
                                       "1e308",
                                       "-1e308",
                                       "1e309",
                                       "-0",
                                       "0",
                                       "-1",
                                       "1e300",
                                       "1e-300",
                                       "5e-324",
                                       "2.5e-7",
                                       "0.4",
                                       "18446744073709551616",
                                       "18446744073709551615",
                                       "9223372036854775808",
                                       "-9223372036854775809",
                                       "4294967296",
                                       "99999999999999999999",
                                       "1e19"};
const char* const kDurationUnits[] = {"s", "min", "h", "d"};
const char* const kSpeedUnits[] = {"kn", "km/h", "m/s"};
const char* const kDistanceUnits[] = {"nm", "km", "m"};
const char* const kHostileTimes[] = {"0000-01-01T00:00:00Z", "9999-12-31T23:59:59Z", "-99999-01-01T00:00:00Z",
                                     "292277026596-12-04T15:30:08Z", "1970-01-01"};

template <std::size_t N>
const char* pick(FuzzedDataProvider& in, const char* const (&table)[N]) {
  return table[in.ConsumeIntegralInRange<std::size_t>(0, N - 1)];
}

std::string number(FuzzedDataProvider& in) {
  char buf[64];
  switch (in.ConsumeIntegralInRange(0, 3)) {
    case 0: return pick(in, kHostileNumbers);
    case 1: std::snprintf(buf, sizeof buf, "%.17g", in.ConsumeFloatingPoint<double>()); return buf;
    case 2: {
      const int digit = in.ConsumeIntegralInRange(1, 9);
      std::snprintf(buf, sizeof buf, "%de%d", digit, in.ConsumeIntegralInRange(-330, 330));
      return buf;
    }
    default: return std::to_string(in.ConsumeIntegral<std::int32_t>());
  }
}

std::string value(FuzzedDataProvider& in, const Field& field) {
  switch (field.kind) {
    case Kind::duration: return number(in) + " " + pick(in, kDurationUnits);
    case Kind::speed: return number(in) + " " + pick(in, kSpeedUnits);
    case Kind::distance: return number(in) + " " + pick(in, kDistanceUnits);
    case Kind::number: return number(in);
    case Kind::time: {
      if (in.ConsumeBool()) return pick(in, kHostileTimes);
      char buf[64];
      std::snprintf(buf, sizeof buf, "2020-%02d-%02dT%02d:%02d:00Z", in.ConsumeIntegralInRange(4, 7),
                    in.ConsumeIntegralInRange(1, 31), in.ConsumeIntegralInRange(0, 23),
                    in.ConsumeIntegralInRange(0, 59));
      return buf;
    }
    case Kind::text:
      if (!field.choices.empty() && in.ConsumeBool()) {
        return field.choices[in.ConsumeIntegralInRange<std::size_t>(0, field.choices.size() - 1)];
      }
      return in.ConsumeRandomLengthString(64);
  }
  return {};
}

std::vector<std::string> overrides_of(const std::uint8_t* data, std::size_t size) {
  std::vector<std::string> out;
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  if (input.substr(0, 5) == "#set ") {
    for (std::size_t pos = 0; pos < input.size() && out.size() < kMaxOverrides;) {
      std::size_t eol = input.find('\n', pos);
      if (eol == std::string_view::npos) eol = input.size();
      const std::string_view line = input.substr(pos, eol - pos);
      if (line.substr(0, 5) == "#set ") out.emplace_back(line.substr(5));
      pos = eol + 1;
    }
    return out;
  }
  FuzzedDataProvider in(data, size);
  const auto& f = fields();
  const std::size_t n = in.ConsumeIntegralInRange<std::size_t>(1, kMaxOverrides);
  for (std::size_t i = 0; i < n && in.remaining_bytes() > 0; ++i) {
    const Field& field = f[in.ConsumeIntegralInRange<std::size_t>(0, f.size() - 1)];
    out.push_back(std::string(field.path) + "=" + value(in, field));
  }
  return out;
}

const std::string& base_scenario() {
  static const std::string text = [] {
    std::ifstream in(TANKERSIM_FUZZ_ENGINE_BASE, std::ios::binary);
    std::ostringstream buf;
    buf << in.rdbuf();
    if (buf.str().empty()) {
      std::fprintf(stderr, "fuzz_engine: cannot read %s\n", TANKERSIM_FUZZ_ENGINE_BASE);
      std::abort();
    }
    return buf.str();
  }();
  return text;
}

[[noreturn]] void broken_promise(const char* what, long long value) {
  std::fprintf(stderr, "fuzz_engine: the loader accepted %s = %lld (expected > 0)\n", what, value);
  std::abort();
}

// The loader's promises the engine relies on; an abort names the one broken.
void check_promises(const Scenario& s) {
  if (s.simulation.step_s <= 0) broken_promise("simulation.step_s", s.simulation.step_s);
  if (s.simulation.duration_s <= 0) broken_promise("simulation.duration_s", s.simulation.duration_s);
  if (s.simulation.output_interval_s <= 0)
    broken_promise("simulation.output_interval_s", s.simulation.output_interval_s);
  for (const auto& side : s.sides) {
    if (side.lose_contact_after_s <= 0) broken_promise("lose_contact_after_s", side.lose_contact_after_s);
    for (const auto& unit : side.units) {
      for (const auto& sensor : unit.sensors) {
        if (sensor.kind == SensorKind::satellite_ais && sensor.revisit_s <= 0)
          broken_promise("sensor revisit_s", sensor.revisit_s);
        if (sensor.kind != SensorKind::satellite_ais && sensor.model != DetectionModel::rate &&
            sensor.look_interval_s <= 0) {
          broken_promise("sensor look_interval_s", sensor.look_interval_s);
        }
      }
    }
  }
}

bool small_enough(const Scenario& s) {
  std::size_t units = 0;
  std::int64_t min_look_s = kMaxDuration_s;
  for (const auto& side : s.sides) {
    units += side.units.size();
    for (const auto& unit : side.units) {
      for (const auto& sensor : unit.sensors) {
        if (sensor.kind == SensorKind::satellite_ais) min_look_s = std::min(min_look_s, sensor.revisit_s);
        else if (sensor.model != DetectionModel::rate) min_look_s = std::min(min_look_s, sensor.look_interval_s);
      }
    }
  }
  const auto vessels = static_cast<std::int64_t>(s.vessels.size());
  const std::int64_t duration_s = s.simulation.duration_s;
  return s.vessels.size() <= kMaxVessels && units <= kMaxUnits && duration_s <= kMaxDuration_s &&
         duration_s / s.simulation.step_s <= kMaxSteps &&
         vessels * (duration_s / s.simulation.output_interval_s) <= kMaxSamples && duration_s / min_look_s <= kMaxLooks;
}

// Counts what the record phase gives, so that it runs in full without files.
class CountingRecorder : public tankersim::engine::Recorder {
 public:
  void on_event(const tankersim::engine::Event& e) override { events_ += e.detail.size() + 1; }
  void on_sample(const tankersim::engine::Sample&) override { ++samples_; }
  void on_ledger(const tankersim::ledger::Entry&) override { ++entries_; }

 private:
  std::size_t events_ = 0, samples_ = 0, entries_ = 0;
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  tankersim::scenario::LoadOptions options;
  options.check_land = false;  // land is fuzz_loader's concern; here routes need not avoid it
  options.overrides = overrides_of(data, size);
  static const bool print = std::getenv("FUZZ_ENGINE_PRINT") != nullptr;
  if (print) {
    for (const auto& o : options.overrides) std::fprintf(stderr, "--set '%s' ", o.c_str());
    std::fprintf(stderr, "\n");
  }
  const auto result = tankersim::scenario::load_scenario_text(base_scenario(), "engine_base.yaml", options);
  if (!result.ok()) return 0;
  const Scenario& s = *result.scenario;
  check_promises(s);
  if (!small_enough(s)) return -1;  // valid but slow: not a corpus entry either

  const tankersim::world::World world(s);
  CountingRecorder recorder;
  tankersim::engine::Engine engine(world, &recorder, {.replication = size % 3});
  engine.run();
  if (!engine.ledger_error().empty()) {
    std::fprintf(stderr, "fuzz_engine: ledger error: %s\n", engine.ledger_error().c_str());
    std::abort();
  }
  return 0;
}
