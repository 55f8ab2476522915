#pragma once
// The run's CSV files (docs/output-files.md): tracks.csv, events.csv, ledger.csv and unit_tracks.csv streamed
// as the run goes (memory does not grow with the number of steps), summary.csv and
// summary_by_side.csv at the end. All go into one io::OutputSet, published whole or not at all.
#include <cstdint>
#include <memory>
#include <string>

#include "tankersim/engine/engine.hpp"
#include "tankersim/io/output_set.hpp"

namespace tankersim::io {

class CsvRecorder : public engine::Recorder {
 public:
  /// Adds tracks.csv, events.csv, ledger.csv and unit_tracks.csv to the set.
  CsvRecorder(const world::World& world, OutputSet& set);
  void on_event(const engine::Event& e) override;
  void on_sample(const engine::Sample& s) override;
  void on_ledger(const ledger::Entry& e) override;
  void on_unit_sample(const engine::UnitSample& s) override;

 private:
  void track_row(double t_s, std::uint32_t vessel, geo::LatLon pos, double speed_mps, double course_deg,
                 engine::Status status);
  const std::string& time_text(double t_s);
  const world::World& world_;
  OutputFile& tracks_;
  OutputFile& events_;
  OutputFile& ledger_;
  OutputFile& unit_tracks_;
  std::string row_;
  std::vector<std::string> names_;       ///< CSV-quoted vessel names, formatted once
  std::vector<std::string> unit_names_;  ///< CSV-quoted "unit,side,kind" of each unit
  double cached_t_ = -1.0;               ///< every vessel reports at the same sample times
  std::string cached_time_;
};

/// Cargo value in cents: round-half-even(volume x price x 100), the price taken at t_s (linear
/// between dated points, constant outside them).
units::Cents cargo_value_cents(const scenario::Cargo& cargo, double t_s);

/// One vessel's figures at the end of a run: what summary.csv and the printed table show.
struct VesselSummary {
  const char* fate;  ///< delivered, seized, diverted, turned_back, underway, not_departed
  bool departed;
  bool delivered;
  double departed_s;
  double arrived_s;
  double distance_m;              ///< sailed in the run
  double at_sea_s;                ///< departure to arrival, or to the end of the run
  double mean_speed_mps;          ///< distance / time at sea (dwell included)
  units::Cents value_cents;       ///< cargo value at departure (or at the planned departure)
  units::Cents delivered_cents;   ///< value at arrival for delivered cargo, else 0
  units::Cents seized_cents;      ///< value when seized or diverted, else 0 (from the ledger)
  units::Cents in_transit_cents;  ///< still on board at the end of the run
  units::Cents lost_cents;        ///< voyages abandoned (turned back)
  engine::VoyageCosts costs;
  units::Cents net_cents;  ///< delivered - voyage costs (the shipper's view)
  double fate_s;           ///< when seized, diverted or turned back; -1 otherwise
  std::string fate_by;     ///< the side that did it
  std::string arrived_at;  ///< where the voyage ended (destination or diversion port)
};
VesselSummary summarize(const world::World& world, const engine::SimState& state, size_t vessel);

/// Adds summary.csv and summary_by_side.csv to the set, from the final state.
void write_summary(const world::World& world, const engine::SimState& state, OutputSet& set);

/// Totals of a run by party: value delivered to each buyer, seized by each side, costs borne by
/// each shipper (the ship's owner), lost.
/// In the order summary_by_side.csv lists them.
enum class PartyRole : std::uint8_t { buyer, shipper, side };
const char* party_role_name(PartyRole role);

struct PartyTotal {
  std::string party;
  PartyRole role;
  units::Cents delivered_cents = 0;
  units::Cents seized_cents = 0;
  units::Cents costs_cents = 0;
  units::Cents lost_cents = 0;
};
std::vector<PartyTotal> totals_by_party(const world::World& world, const engine::SimState& state);

/// "1234.56" for cents (exact; negative amounts keep their sign).
std::string usd(units::Cents c);

/// "2020-05-25T05:00:00Z" for a time in seconds since the scenario start (rounded to the second).
std::string utc(const world::World& world, double t_s);

/// Quotes a CSV field when it holds a comma, quote or newline (RFC 4180).
std::string csv_field(const std::string& s);

}  // namespace tankersim::io
