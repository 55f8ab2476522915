#pragma once
// The sentence layer: payloads in `!AIVDM` / `!AIVDO` sentences (IEC 61162-1 / NMEA 0183) with
// their `*hh` checksums, and the NMEA 4.0 tag block `\c:UNIX_TIME,s:SOURCE*hh\` before them.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "tankersim/ais/messages.hpp"
#include "tankersim/ais/payload.hpp"

namespace tankersim::ais {

/// The radio channel field: A or B (161.975 / 162.025 MHz), 1 or 2 as some receivers write them,
/// or empty.
enum class Channel : std::uint8_t { none, a, b, one, two };
char channel_char(Channel channel);  ///< '\0' for none

/// The longest sentence, `!` to the checksum, without CR LF (IEC 61162-1).
inline constexpr std::size_t kMaxSentenceChars = 82;
/// Payload characters in each fragment but the last: 60 keeps a fragment with a sequence id, a
/// channel and a fill digit at 80 characters.
inline constexpr std::size_t kFragmentPayloadChars = 60;

/// The XOR of the characters of `text` (the bytes between `!`/`\` and `*`).
std::uint8_t nmea_checksum(std::string_view text);

/// A tag block's fields (NMEA 4.0): c: receive time in UNIX seconds, s: source; the others
/// (g:, n:, r:, t:, d:, ...) are kept as written, comma-separated.
struct TagBlock {
  std::optional<std::int64_t> unix_time_s;
  std::string source;
  std::string other;
};

/// Why `tag` cannot be written as a tag block, or "" when it can. A tag block is delimited by
/// `\`, its fields by `,` and its checksum by `*`, and `!`, `$` start sentences; NMEA 0183
/// also reserves `^` and `~`, and allows printable ASCII only (32-126). So the source may hold
/// none of `, * \ ! $ ^ ~` nor any other byte outside 32-126; the other fields (written as they
/// are, comma-separated) none of these but `,`. Nothing is escaped: no receiver would undo it.
/// NMEA 4.10 gives a source at most 15 characters; longer ones are written, and read back, as
/// they are.
std::string tag_block_problem(const TagBlock& tag);

/// How to write sentences.
struct SentenceOptions {
  std::string_view talker = "AI";  ///< two characters
  bool own_ship = false;           ///< VDO instead of VDM
  Channel channel = Channel::a;
  std::optional<TagBlock> tag_block;  ///< written before each sentence (a fragment's source keys it)
};

/// Writes the sentences of one message, appending each (without CR LF) to `out`; a message of
/// more than 60 characters is split into fragments that share `sequence_id` (0-9, only written
/// when there are two or more fragments), the fill bits on the last fragment only. Throws
/// std::invalid_argument with tag_block_problem()'s text, writing nothing, when the options'
/// tag block cannot be written.
void write_sentences(const Payload& payload, const SentenceOptions& options, unsigned sequence_id,
                     std::vector<std::string>& out);

/// Encodes messages into sentences, numbering multi-fragment messages 0, 1, ..., 9, 0, ...
class SentenceEncoder {
 public:
  explicit SentenceEncoder(SentenceOptions options = {}) : options_(std::move(options)) {}
  /// The sentences of `message`, appended to `out` (throws as write_sentences does).
  void encode(const Message& message, std::vector<std::string>& out);
  std::vector<std::string> encode(const Message& message);
  SentenceOptions& options() { return options_; }

 private:
  SentenceOptions options_;
  Payload payload_;
  unsigned next_sequence_id_ = 0;
};

/// Why a line gives no sentence.
enum class SentenceError : std::uint8_t {
  none = 0,
  malformed,               ///< not `!xxVDM`/`!xxVDO` with seven fields, or a field out of range
  bad_checksum,            ///< the sentence's `*hh` is not the XOR of its characters
  malformed_tag_block,     ///< a `\...\` without `*hh`, or a field that is not `k:value`
  bad_tag_block_checksum,  ///< the tag block's `*hh` is not the XOR of its characters
};
std::string_view to_string(SentenceError error);

/// One parsed sentence. Its views point into the line it was parsed from.
struct Sentence {
  std::string_view talker;                  ///< "AI", "AB", "BS", ...
  bool own_ship = false;                    ///< VDO
  std::uint8_t fragment_count = 1;          ///< 1-9
  std::uint8_t fragment_number = 1;         ///< 1-fragment_count
  std::optional<std::uint8_t> sequence_id;  ///< 0-9
  Channel channel = Channel::none;
  std::string_view payload;    ///< not yet checked for the armouring alphabet
  std::uint8_t fill_bits = 0;  ///< 0-5 as written
  bool has_tag_block = false;
  TagBlock tag_block;
};

struct ParsedLine {
  Sentence sentence;
  SentenceError error = SentenceError::none;
  bool ok() const { return error == SentenceError::none; }
};

/// Parses one line: an optional tag block, the sentence, its checksum; CR, LF and fields after the
/// checksum (`,s28089,d-103,T39.44,...` of USCG feeds) are ignored. Never undefined behaviour.
ParsedLine parse_line(std::string_view line);

}  // namespace tankersim::ais
