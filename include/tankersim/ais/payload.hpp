#pragma once
// The payload layer: a message as bits, the bits as 6-bit "armoured" characters (ITU-R M.1371-5
// Annex 8 for the bits, IEC 61162-1 / NMEA 0183 for the armouring), and back.
#include <cstdint>
#include <string>
#include <string_view>

#include "tankersim/ais/messages.hpp"

namespace tankersim::ais {

/// A payload as it travels in sentences: armoured characters (`0`-`W`, `` ` ``-`w`) and the
/// number of fill bits (0-5) added to make the last character whole.
struct Payload {
  std::string chars;
  std::uint8_t fill_bits = 0;
};

/// Why a payload does not decode. Each is a count in the reassembler (docs/ais.md).
enum class DecodeError : std::uint8_t {
  none = 0,
  bad_character,  ///< a character outside the armouring alphabet
  bad_fill_bits,  ///< fill bits above 5, or more than the payload holds
  unknown_type,   ///< a message type this codec does not decode
  wrong_length,   ///< a bit count the message type does not allow (an empty payload too)
};
std::string_view to_string(DecodeError error);

struct Decoded {
  Message message;
  DecodeError error = DecodeError::none;
  bool ok() const { return error == DecodeError::none; }
};

/// Encodes a message. Values are rounded to the field's resolution (lat/lon 1/10,000 min, or
/// 1/10 min for type 27; SOG 0.1 kn; COG 0.1 deg; draught 0.1 m) and limited to its range (SOG
/// to 102.2 kn, draught to 25.5 m, latitude to +-90, longitude to +-180); a NaN or an infinity
/// is "not available". Text is upper-cased; a character outside the 6-bit set is sent as `?`; text longer
/// than its field is cut, shorter is padded with `@`. Integer codes are cut to their field's width.
Payload encode(const Message& message);
/// The same into `out` (cleared first), for callers that reuse one buffer.
void encode(const Message& message, Payload& out);

/// Decodes a payload; any input gives a message or an error, never undefined behaviour. Text
/// loses its `@` padding and trailing spaces. Accepted lengths in bits: 168 (types 1-3, 18),
/// 424-426 (5: the last character's 2 bits as padding or as fill), 312 (19), 160-168 (24 part A),
/// 168 (24 part B), 96 or 168 (27: the second is a whole slot, the bits after the 96th unread).
Decoded decode(std::string_view payload, unsigned fill_bits);

}  // namespace tankersim::ais
