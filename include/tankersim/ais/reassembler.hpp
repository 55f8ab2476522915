#pragma once
// Lines in, messages out: parses each line, joins the fragments of multi-sentence messages and
// decodes them, and counts every line or fragment it cannot use by its cause.
#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "tankersim/ais/messages.hpp"
#include "tankersim/ais/payload.hpp"
#include "tankersim/ais/sentence.hpp"

namespace tankersim::ais {

/// Why a line led to no message. Counts are of lines: every line pushed ends as one of the
/// fragments of a message returned, as one count of one of these, or as a fragment held for a
/// message not yet complete (pending_fragments(); counted as orphans when superseded, evicted
/// or flushed). A message that does not decode counts each of its fragments.
enum class DropCause : std::uint8_t {
  malformed,  ///< SentenceError::malformed
  bad_checksum,
  malformed_tag_block,
  bad_tag_block_checksum,
  orphan_fragment,  ///< a fragment whose message never completed (counted per fragment)
  bad_character,    ///< DecodeError::bad_character
  bad_fill_bits,
  unknown_type,
  wrong_length,
  too_long,  ///< a line over kMaxLineChars, not parsed
};
inline constexpr std::size_t kDropCauseCount = 10;
std::string_view to_string(DropCause cause);

/// A decoded message and where it came from.
struct Received {
  Message message;
  Channel channel = Channel::none;
  bool own_ship = false;
  std::string talker;
  TagBlock tag_block;          ///< the first fragment's
  std::uint8_t fragments = 1;  ///< the sentences it came in
};

class Reassembler {
 public:
  /// Longest line considered; tag block, sentence and trailing fields together.
  static constexpr std::size_t kMaxLineChars = 1024;
  /// Messages being assembled at once, over all sources, channels and sequence ids; the oldest
  /// is evicted (its fragments counted as orphans) to make room.
  static constexpr std::size_t kMaxPending = 64;

  /// Takes one line; returns the message it completes, if any.
  std::optional<Received> push(std::string_view line);
  /// Counts of lines and fragments dropped, by cause.
  const std::array<std::uint64_t, kDropCauseCount>& drops() const { return drops_; }
  std::uint64_t drops(DropCause cause) const { return drops_[static_cast<std::size_t>(cause)]; }
  std::uint64_t messages() const { return messages_; }
  /// Fragments held for messages not yet complete.
  std::size_t pending_fragments() const;
  /// Counts the held fragments as orphans and forgets them (the end of a feed).
  void flush();

 private:
  struct Pending {
    std::string source;
    Channel channel = Channel::none;
    std::uint8_t sequence_id = 0;
    std::uint8_t fragment_count = 0;
    std::uint8_t next_fragment = 0;
    std::uint64_t started = 0;  ///< order of arrival, for eviction
    std::string payload;
    Received head;  ///< the first fragment's channel, talker and tag block
  };
  void drop(DropCause cause, std::uint64_t count = 1) { drops_[static_cast<std::size_t>(cause)] += count; }
  std::optional<Received> finish(std::string_view payload, unsigned fill_bits, Received head, std::uint8_t fragments);
  std::optional<Received> take_fragment(const Sentence& sentence);

  std::array<std::uint64_t, kDropCauseCount> drops_{};
  std::uint64_t messages_ = 0;
  std::uint64_t arrivals_ = 0;
  std::vector<Pending> pending_;
};

}  // namespace tankersim::ais
