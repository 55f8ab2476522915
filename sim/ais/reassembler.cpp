#include "tankersim/ais/reassembler.hpp"

#include <algorithm>

namespace tankersim::ais {
namespace {

DropCause cause_of(SentenceError error) {
  switch (error) {
    case SentenceError::bad_checksum: return DropCause::bad_checksum;
    case SentenceError::malformed_tag_block: return DropCause::malformed_tag_block;
    case SentenceError::bad_tag_block_checksum: return DropCause::bad_tag_block_checksum;
    case SentenceError::none:
    case SentenceError::malformed: break;
  }
  return DropCause::malformed;
}
DropCause cause_of(DecodeError error) {
  switch (error) {
    case DecodeError::bad_character: return DropCause::bad_character;
    case DecodeError::bad_fill_bits: return DropCause::bad_fill_bits;
    case DecodeError::unknown_type: return DropCause::unknown_type;
    case DecodeError::none:
    case DecodeError::wrong_length: break;
  }
  return DropCause::wrong_length;
}
Received head_of(const Sentence& s) {
  Received r;
  r.channel = s.channel;
  r.own_ship = s.own_ship;
  r.talker.assign(s.talker);
  r.tag_block = s.tag_block;
  return r;
}

}  // namespace

std::string_view to_string(DropCause cause) {
  switch (cause) {
    case DropCause::malformed: return "malformed";
    case DropCause::bad_checksum: return "bad_checksum";
    case DropCause::malformed_tag_block: return "malformed_tag_block";
    case DropCause::bad_tag_block_checksum: return "bad_tag_block_checksum";
    case DropCause::orphan_fragment: return "orphan_fragment";
    case DropCause::bad_character: return "bad_character";
    case DropCause::bad_fill_bits: return "bad_fill_bits";
    case DropCause::unknown_type: return "unknown_type";
    case DropCause::wrong_length: return "wrong_length";
    case DropCause::too_long: return "too_long";
  }
  return "?";
}

std::size_t Reassembler::pending_fragments() const {
  std::size_t n = 0;
  for (const Pending& p : pending_) n += p.next_fragment - 1U;
  return n;
}

void Reassembler::flush() {
  drop(DropCause::orphan_fragment, pending_fragments());
  pending_.clear();
}

std::optional<Received> Reassembler::finish(std::string_view payload, unsigned fill_bits, Received head,
                                            std::uint8_t fragments) {
  Decoded d = decode(payload, fill_bits);
  if (!d.ok()) {
    drop(cause_of(d.error), fragments);
    return std::nullopt;
  }
  ++messages_;
  head.fragments = fragments;
  head.message = std::move(d.message);
  return head;
}

// A fragment of a message of two or more. Fragment 1 opens a message for its (source, channel,
// sequence id), superseding one left open there; each later fragment must be the next one.
std::optional<Received> Reassembler::take_fragment(const Sentence& s) {
  const std::uint8_t seq = s.sequence_id.value_or(0);
  const auto it = std::find_if(pending_.begin(), pending_.end(), [&](const Pending& p) {
    return p.channel == s.channel && p.sequence_id == seq && p.source == s.tag_block.source;
  });
  if (s.fragment_number == 1) {
    if (it != pending_.end()) {
      drop(DropCause::orphan_fragment, it->next_fragment - 1U);
      pending_.erase(it);
    }
    if (pending_.size() >= kMaxPending) {
      const auto oldest = std::min_element(pending_.begin(), pending_.end(),
                                           [](const Pending& a, const Pending& b) { return a.started < b.started; });
      drop(DropCause::orphan_fragment, oldest->next_fragment - 1U);
      pending_.erase(oldest);
    }
    Pending p;
    p.source = s.tag_block.source;
    p.channel = s.channel;
    p.sequence_id = seq;
    p.fragment_count = s.fragment_count;
    p.next_fragment = 2;
    p.started = arrivals_++;
    p.payload.assign(s.payload);
    p.head = head_of(s);
    pending_.push_back(std::move(p));
    return std::nullopt;
  }
  if (it == pending_.end() || it->next_fragment != s.fragment_number || it->fragment_count != s.fragment_count) {
    drop(DropCause::orphan_fragment);  // this fragment; an open message stays open for its own
    return std::nullopt;
  }
  it->payload.append(s.payload);
  ++it->next_fragment;
  if (s.fragment_number != s.fragment_count) return std::nullopt;
  const std::string payload = std::move(it->payload);
  Received head = std::move(it->head);
  pending_.erase(it);
  return finish(payload, s.fill_bits, std::move(head), s.fragment_count);
}

std::optional<Received> Reassembler::push(std::string_view line) {
  if (line.size() > kMaxLineChars) {
    drop(DropCause::too_long);
    return std::nullopt;
  }
  const ParsedLine p = parse_line(line);
  if (!p.ok()) {
    drop(cause_of(p.error));
    return std::nullopt;
  }
  if (p.sentence.fragment_count == 1) return finish(p.sentence.payload, p.sentence.fill_bits, head_of(p.sentence), 1);
  return take_fragment(p.sentence);
}

}  // namespace tankersim::ais
