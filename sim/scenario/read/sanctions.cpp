// sanctions[]: named lists of vessels and owners that rules target.
#include "read.hpp"

namespace tankersim::scenario::read {

void read_sanctions(Builder& b, const Cursor& c, SanctionsList& list) {
  list.name = b.text(c, "name").value_or("");
  list.vessels = b.strings(c, "vessels");
  list.owners = b.strings(c, "owners");
}

}  // namespace tankersim::scenario::read
