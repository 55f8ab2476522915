#include "tankersim/ledger/ledger.hpp"

#include <fmt/format.h>

#include <cmath>

namespace tankersim::ledger {

const char* account_name(Account a) {
  switch (a) {
    case Account::loaded: return "loaded";
    case Account::in_transit: return "in_transit";
    case Account::delivered: return "delivered";
    case Account::seized: return "seized";
    case Account::lost: return "lost";
  }
  return "?";
}

Cents value_cents(double volume_bbl, double usd_per_bbl) {
  // nearbyint rounds half to even in the default rounding mode.
  return static_cast<Cents>(std::nearbyint(volume_bbl * usd_per_bbl * 100.0));
}

namespace {
Cents& account(Balance& b, Account a) {
  switch (a) {
    case Account::loaded: return b.loaded;
    case Account::in_transit: return b.in_transit;
    case Account::delivered: return b.delivered;
    case Account::seized: return b.seized;
    case Account::lost: return b.lost;
  }
  return b.lost;
}
}  // namespace

void CargoLedger::post(double t_s, std::uint32_t vessel, Account from, Account to, std::int32_t side, Cents amount,
                       std::string reason) {
  if (amount == 0) return;
  if (amount < 0) {
    std::swap(from, to);
    amount = -amount;
  }
  Balance& b = balances_[vessel];
  // "loaded" is the source of value: it grows with what it gives out; every other account holds
  // what it received minus what it gave.
  if (from == Account::loaded) b.loaded += amount;
  else account(b, from) -= amount;
  if (to == Account::loaded) b.loaded -= amount;
  else account(b, to) += amount;
  const std::int32_t seized_side = to == Account::seized ? side : (from == Account::seized ? side : -1);
  if (seized_side >= 0) {
    const Cents signed_amount = to == Account::seized ? amount : -amount;
    bool found = false;
    for (auto& [s, c] : b.seized_by) {
      if (s == seized_side) {
        c += signed_amount;
        found = true;
      }
    }
    if (!found) b.seized_by.emplace_back(seized_side, signed_amount);
  }
  entries_.push_back({t_s, vessel, from, to, seized_side, amount, std::move(reason)});
}

void CargoLedger::load(double t_s, std::uint32_t vessel, double volume_bbl, double usd_per_bbl,
                       const std::string& reason) {
  balances_[vessel].volume_bbl += volume_bbl;
  balances_[vessel].price_usd_per_bbl = usd_per_bbl;
  post(t_s, vessel, Account::loaded, Account::in_transit, -1, value_cents(volume_bbl, usd_per_bbl), reason);
}

void CargoLedger::revalue(double t_s, std::uint32_t vessel, double usd_per_bbl) {
  Balance& b = balances_[vessel];
  if (usd_per_bbl == b.price_usd_per_bbl) return;
  b.price_usd_per_bbl = usd_per_bbl;
  const Cents now = value_cents(b.volume_bbl, usd_per_bbl);
  post(t_s, vessel, Account::loaded, Account::in_transit, -1, now - b.in_transit,
       fmt::format("revaluation at {:.4f} USD/bbl", usd_per_bbl));
}

void CargoLedger::move(double t_s, std::uint32_t vessel, Account to, std::int32_t side, double volume_bbl,
                       double usd_per_bbl, const std::string& reason) {
  revalue(t_s, vessel, usd_per_bbl);
  Balance& b = balances_[vessel];
  const bool all = volume_bbl >= b.volume_bbl;
  const double part = all ? b.volume_bbl : volume_bbl;
  const Cents amount = all ? b.in_transit : value_cents(part, usd_per_bbl);
  b.volume_bbl = all ? 0.0 : b.volume_bbl - part;
  post(t_s, vessel, Account::in_transit, to, side, amount, reason);
}

std::optional<std::string> CargoLedger::check(std::uint32_t vessel) const {
  const Balance& b = balances_[vessel];
  Cents by_side = 0;
  for (const auto& [s, c] : b.seized_by) by_side += c;
  const Cents held = b.in_transit + b.delivered + b.seized + b.lost;
  if (held == b.loaded && by_side == b.seized && b.in_transit >= 0) return std::nullopt;
  return fmt::format(
      "ledger out of balance for vessel #{}: loaded {} != in transit {} + delivered {} + seized {} + lost {} "
      "(difference {} cents; seized by sides {})",
      vessel, b.loaded, b.in_transit, b.delivered, b.seized, b.lost, b.loaded - held, by_side);
}

std::vector<Entry> CargoLedger::take_entries() {
  std::vector<Entry> out;
  out.swap(entries_);
  return out;
}

}  // namespace tankersim::ledger
