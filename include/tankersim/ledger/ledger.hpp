#pragma once
// The cargo ledger: where every cent of every cargo is, double-entry, in integer cents
// (docs/model.md, "Ledger"). Accounts per vessel: loaded (the value put on board, revaluations
// included), in transit, delivered (to the buyer), seized (by a side) and lost (never reached a
// buyer or a seizing side: a voyage turned back). Every entry moves an amount from one account
// to another, so for each vessel, at every moment,
//     loaded = in transit + delivered + seized + lost,
// which check() verifies to the cent. Built on units only (no engine types), so that the engine's
// account phase can use it.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "tankersim/units/units.hpp"

namespace tankersim::ledger {

using units::Cents;

enum class Account : std::uint8_t { loaded, in_transit, delivered, seized, lost };
const char* account_name(Account a);

/// round-half-even(volume_bbl x usd_per_bbl x 100): the value rule of docs/model.md.
Cents value_cents(double volume_bbl, double usd_per_bbl);

struct Entry {
  double t_s;
  std::uint32_t vessel;
  Account from;
  Account to;
  std::int32_t side;  ///< the seizing side, for Account::seized; -1 otherwise
  Cents amount;       ///< > 0
  std::string reason;
};

struct Balance {
  Cents loaded = 0;  ///< net value put on board (loading plus revaluations)
  Cents in_transit = 0;
  Cents delivered = 0;
  Cents seized = 0;  ///< by any side (see seized_by)
  Cents lost = 0;
  double volume_bbl = 0.0;                                ///< volume in transit
  double price_usd_per_bbl = 0.0;                         ///< price the cargo in transit is marked at
  std::vector<std::pair<std::int32_t, Cents>> seized_by;  ///< (side, amount)
};

class CargoLedger {
 public:
  explicit CargoLedger(size_t vessels) : balances_(vessels) {}

  /// The cargo goes on board: loaded -> in transit.
  void load(double t_s, std::uint32_t vessel, double volume_bbl, double usd_per_bbl, const std::string& reason);
  /// Marks the cargo in transit to the price at t_s: the difference moves between loaded and in
  /// transit (either way), so delivered value can differ from loaded value and still balance.
  /// Nothing moves when the price is the one already marked (no rounding noise).
  void revalue(double t_s, std::uint32_t vessel, double usd_per_bbl);
  /// Moves volume_bbl of the cargo in transit (all of it when volume_bbl >= what is left) to
  /// `to`, valued at usd_per_bbl after revaluing. The part is valued by the rounding rule and the
  /// rest keeps the difference, so partial moves never lose or create a cent.
  void move(double t_s, std::uint32_t vessel, Account to, std::int32_t side, double volume_bbl, double usd_per_bbl,
            const std::string& reason);

  /// nullopt when the vessel's accounts balance; else the message that stops the run.
  std::optional<std::string> check(std::uint32_t vessel) const;
  const Balance& balance(std::uint32_t vessel) const { return balances_[vessel]; }
  /// Entries made since the last take_entries() (the record phase writes them to ledger.csv).
  std::vector<Entry> take_entries();
  const std::vector<Entry>& pending() const { return entries_; }
  /// For tests of check(): direct access to the balances.
  Balance& balance_for_test(std::uint32_t vessel) { return balances_[vessel]; }

 private:
  void post(double t_s, std::uint32_t vessel, Account from, Account to, std::int32_t side, Cents amount,
            std::string reason);
  std::vector<Balance> balances_;
  std::vector<Entry> entries_;
};

}  // namespace tankersim::ledger
