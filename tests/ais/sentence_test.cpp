// The sentence layer and the reassembler.
#include <gtest/gtest.h>

#include <cstdio>
#include <stdexcept>

#include "ais/random_messages.hpp"
#include "tankersim/ais/reassembler.hpp"
#include "tankersim/ais/sentence.hpp"

namespace tankersim::ais {
namespace {

// The checksum of gpsd's example sentence (AIVDM.adoc) is the XOR of
// "AIVDM,1,1,,B,177KQJ5000G?tO`K>RA1wUbN0TKH,0" = 0x5C, as printed there.
TEST(AisSentence, ChecksumOfGpsdExample) {
  EXPECT_EQ(nmea_checksum("AIVDM,1,1,,B,177KQJ5000G?tO`K>RA1wUbN0TKH,0"), 0x5C);
  // By hand on a short text: 'A' 0x41 ^ 'B' 0x42 = 0x03; ^ 'C' 0x43 = 0x40.
  EXPECT_EQ(nmea_checksum("ABC"), 0x40);
}

TEST(AisSentence, SingleFragmentLayout) {
  PositionReportA m = std::get<PositionReportA>(decode("177KQJ5000G?tO`K>RA1wUbN0TKH", 0).message);
  SentenceEncoder enc;
  enc.options().channel = Channel::b;
  const auto lines = enc.encode(m);
  ASSERT_EQ(lines.size(), 1U);
  EXPECT_EQ(lines[0], "!AIVDM,1,1,,B,177KQJ5000G?tO`K>RA1wUbN0TKH,0*5C");
}

TEST(AisSentence, TypeFiveTakesTwoFragmentsWithSequenceIdsAndFillOnTheLast) {
  testing::RandomMessages gen(5);
  SentenceEncoder enc;
  for (unsigned k = 0; k < 12; ++k) {
    const auto lines = enc.encode(gen.static_voyage());
    ASSERT_EQ(lines.size(), 2U);
    const char seq = static_cast<char>('0' + k % 10);
    for (std::size_t i = 0; i < 2; ++i) {
      EXPECT_LE(lines[i].size(), kMaxSentenceChars) << lines[i];
      const ParsedLine p = parse_line(lines[i]);
      ASSERT_TRUE(p.ok()) << lines[i];
      EXPECT_EQ(p.sentence.fragment_count, 2);
      EXPECT_EQ(p.sentence.fragment_number, i + 1);
      EXPECT_EQ(p.sentence.sequence_id, seq - '0');
      EXPECT_EQ(p.sentence.payload.size(), i == 0 ? 60U : 11U);
      EXPECT_EQ(p.sentence.fill_bits, i == 0 ? 0 : 2);
    }
    EXPECT_EQ(lines[0].substr(0, 15), std::string("!AIVDM,2,1,") + seq + ",A,");
  }
}

TEST(AisSentence, EveryTypeFitsAndSingleFragmentsHaveNoSequenceId) {
  testing::RandomMessages gen(7);
  SentenceEncoder enc;
  enc.options().talker = "BS";
  enc.options().own_ship = true;
  enc.options().channel = Channel::two;
  for (std::uint64_t k = 0; k < 700; ++k) {
    const Message m = gen.any(k);
    for (const std::string& line : enc.encode(m)) {
      EXPECT_LE(line.size(), kMaxSentenceChars);
      EXPECT_EQ(line.substr(0, 7), "!BSVDO,");
      if (message_type(m) != 5) {
        EXPECT_EQ(line.substr(7, 6), "1,1,,2");
      }
    }
  }
}

// A source with a character that delimits a tag block, its fields or a sentence, or one outside
// printable ASCII, would make a tag block no reader parses as written: the encoder refuses it.
TEST(AisSentence, TagBlockSourceWithReservedCharacterIsRefused) {
  const Payload p = encode(PositionReportA{});
  std::vector<std::string> out;
  SentenceOptions o;
  for (const char* bad : {"a,b", "a*b", "a\\b", "a!b", "a$b", "a^b", "a~b", "a\tb", "a\x7f", "a\xc3\xa9"}) {
    o.tag_block = TagBlock{1, bad, ""};
    EXPECT_THROW(write_sentences(p, o, 0, out), std::invalid_argument) << bad;
  }
  EXPECT_TRUE(out.empty());
  o.tag_block = TagBlock{1, "rx,2", ""};
  try {
    write_sentences(p, o, 0, out);
    ADD_FAILURE() << "no exception";
  } catch (const std::invalid_argument& e) {
    EXPECT_STREQ(e.what(),
                 "tag block source cannot hold , * \\ ! $ ^ ~ or bytes outside 32-126 (got ',' at character 3)");
  }
  o.tag_block = TagBlock{1, "rx", "g:1-2-3,x:\x01"};
  EXPECT_EQ(tag_block_problem(*o.tag_block),
            "tag block fields cannot hold * \\ ! $ ^ ~ or bytes outside 32-126 (got byte 1 at character 11)");
  SentenceEncoder enc(o);
  EXPECT_THROW(enc.encode(PositionReportA{}), std::invalid_argument);
  // Spaces, colons, dots, dashes and the like are written and read back as they are; commas
  // separate the other fields.
  for (const char* good : {"Bandar Abbas 1", "r:003.669-945", "CABO_SAN_ROMAN#2", "a/b@c(d)=e"}) {
    o.tag_block = TagBlock{1590969600, good, "g:1-2-3,n:4"};
    EXPECT_EQ(tag_block_problem(*o.tag_block), "") << good;
    out.clear();
    write_sentences(p, o, 0, out);
    ASSERT_EQ(out.size(), 1U);
    const ParsedLine back = parse_line(out[0]);
    ASSERT_TRUE(back.ok()) << out[0];
    EXPECT_EQ(back.sentence.tag_block.source, good);
    EXPECT_EQ(back.sentence.tag_block.other, "g:1-2-3,n:4");
  }
}

TEST(AisSentence, TagBlockWrittenAndParsed) {
  SentenceOptions options;
  options.tag_block = TagBlock{1590969600, "CABO_SAN_ROMAN", ""};
  SentenceEncoder enc(options);
  const auto lines = enc.encode(StaticVoyage{});
  ASSERT_EQ(lines.size(), 2U);
  // The tag block's checksum is the XOR of the text between '\' and '*'.
  const std::string body = "c:1590969600,s:CABO_SAN_ROMAN";
  char hex[3];
  std::snprintf(hex, sizeof hex, "%02X", nmea_checksum(body));
  EXPECT_EQ(lines[0].substr(0, body.size() + 5), "\\" + body + "*" + hex + "\\");
  // On every fragment, so a reassembler can key the second by its source as well.
  EXPECT_EQ(lines[1].substr(0, body.size() + 6), lines[0].substr(0, body.size() + 6));
  const ParsedLine p = parse_line(lines[0]);
  ASSERT_TRUE(p.ok());
  EXPECT_TRUE(p.sentence.has_tag_block);
  EXPECT_EQ(p.sentence.tag_block.unix_time_s, 1590969600);
  EXPECT_EQ(p.sentence.tag_block.source, "CABO_SAN_ROMAN");
}

TEST(AisSentence, ParsesFeedsVariants) {
  // Other tag fields kept; lower-case hex; CR LF; USCG trailing fields; channels 1/2 and none.
  const std::string tag_body = "g:1-2-73,s:rORBCOMM000,c:1426032000,T:2015-03-11 00.00.00";
  char hex[3];
  std::snprintf(hex, sizeof hex, "%02x", nmea_checksum(tag_body));
  const std::string s = "!AIVDM,1,1,,B,177KQJ5000G?tO`K>RA1wUbN0TKH,0*5c";
  auto p = parse_line("\\" + tag_body + "*" + hex + "\\" + s + "\r\n");
  ASSERT_TRUE(p.ok()) << to_string(p.error);
  EXPECT_EQ(p.sentence.tag_block.source, "rORBCOMM000");
  EXPECT_EQ(p.sentence.tag_block.unix_time_s, 1426032000);
  EXPECT_EQ(p.sentence.tag_block.other, "g:1-2-73,T:2015-03-11 00.00.00");
  p = parse_line(s + ",s28089,d-103,T39.44,x1234,1426032000");
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(p.sentence.channel, Channel::b);
  for (const auto& [ch, want] : {std::pair{"1", Channel::one}, {"2", Channel::two}, {"", Channel::none}}) {
    std::string body = std::string("AIVDO,1,1,,") + ch + ",177KQJ5000G?tO`K>RA1wUbN0TKH,0";
    std::snprintf(hex, sizeof hex, "%02X", nmea_checksum(body));
    p = parse_line("!" + body + "*" + hex);
    ASSERT_TRUE(p.ok()) << body;
    EXPECT_EQ(p.sentence.channel, want);
    EXPECT_TRUE(p.sentence.own_ship);
  }
}

TEST(AisSentence, ParseErrors) {
  const std::string s = "!AIVDM,1,1,,B,177KQJ5000G?tO`K>RA1wUbN0TKH,0*5C";
  EXPECT_EQ(parse_line(s.substr(0, s.size() - 1)).error, SentenceError::malformed);
  EXPECT_EQ(parse_line("!AIVDM,1,1,,B,177KQJ5000G?tO`K>RA1wUbN0TKH,0*5D").error, SentenceError::bad_checksum);
  EXPECT_EQ(parse_line("").error, SentenceError::malformed);
  EXPECT_EQ(parse_line("$GPGGA,1*00").error, SentenceError::malformed);
  EXPECT_EQ(parse_line(s + "X").error, SentenceError::malformed);
  EXPECT_EQ(parse_line("\\c:1*00" + s).error, SentenceError::malformed_tag_block);
  EXPECT_EQ(parse_line("\\c:1*00\\" + s).error, SentenceError::bad_tag_block_checksum);
  EXPECT_EQ(parse_line("\\c:x*21\\" + s).error, SentenceError::malformed_tag_block);  // 'c'^':'^'x' = 0x21
  auto checked = [](const std::string& body) {
    char hex[3];
    std::snprintf(hex, sizeof hex, "%02X", nmea_checksum(body));
    return parse_line("!" + body + "*" + hex).error;
  };
  EXPECT_EQ(checked("AIVDM,1,1,,B,177KQJ5000G?tO`K>RA1wUbN0TKH,0"), SentenceError::none);
  EXPECT_EQ(checked("AIVDM,1,2,,B,177KQJ5000G?tO`K>RA1wUbN0TKH,0"), SentenceError::malformed);    // fragment 2 of 1
  EXPECT_EQ(checked("AIVDM,0,1,,B,177KQJ5000G?tO`K>RA1wUbN0TKH,0"), SentenceError::malformed);    // 0 fragments
  EXPECT_EQ(checked("AIVDM,2,1,10,B,177KQJ5000G?tO`K>RA1wUbN0TKH,0"), SentenceError::malformed);  // sequence 10
  EXPECT_EQ(checked("AIVDM,1,1,,C,177KQJ5000G?tO`K>RA1wUbN0TKH,0"), SentenceError::malformed);    // channel C
  EXPECT_EQ(checked("AIVDM,1,1,,B,177KQJ5000G?tO`K>RA1wUbN0TKH"), SentenceError::malformed);      // 6 fields
  EXPECT_EQ(checked("AIVDM,1,1,,B,177KQJ5000G?tO`K>RA1wUbN0TKH,0,0"), SentenceError::malformed);  // 8 fields
  EXPECT_EQ(checked("AIVDX,1,1,,B,177KQJ5000G?tO`K>RA1wUbN0TKH,0"), SentenceError::malformed);
}

std::vector<std::string> sentences(const Message& m, Channel channel, std::string source = "") {
  SentenceOptions o;
  o.channel = channel;
  if (!source.empty()) o.tag_block = TagBlock{std::nullopt, std::move(source), ""};
  return SentenceEncoder(o).encode(m);
}

TEST(AisReassembler, JoinsFragmentsPerChannelAndSource) {
  testing::RandomMessages gen(3);
  const StaticVoyage x = gen.static_voyage();
  const StaticVoyage y = gen.static_voyage();
  // Both use sequence id 0; on different channels (then sources) they interleave without harm.
  for (const auto& [ya, xa] : {std::pair{sentences(y, Channel::b), sentences(x, Channel::a)},
                               {sentences(y, Channel::a, "r2"), sentences(x, Channel::a, "r1")}}) {
    Reassembler r;
    EXPECT_FALSE(r.push(xa[0]));
    EXPECT_FALSE(r.push(ya[0]));
    EXPECT_EQ(r.pending_fragments(), 2U);
    const auto got_x = r.push(xa[1]);
    const auto got_y = r.push(ya[1]);
    ASSERT_TRUE(got_x && got_y);
    EXPECT_EQ(std::get<StaticVoyage>(got_x->message), x);
    EXPECT_EQ(std::get<StaticVoyage>(got_y->message), y);
    EXPECT_EQ(got_x->fragments, 2);
    EXPECT_EQ(r.messages(), 2U);
    EXPECT_EQ(r.pending_fragments(), 0U);
  }
}

TEST(AisReassembler, CountsEveryCause) {
  testing::RandomMessages gen(4);
  const auto v = sentences(gen.static_voyage(), Channel::a);
  Reassembler r;
  EXPECT_FALSE(r.push(v[1]));  // second fragment first: orphan
  EXPECT_EQ(r.drops(DropCause::orphan_fragment), 1U);
  EXPECT_FALSE(r.push(v[0]));
  EXPECT_FALSE(r.push(v[0]));  // a new first fragment supersedes the open one
  EXPECT_EQ(r.drops(DropCause::orphan_fragment), 2U);
  EXPECT_TRUE(r.push(v[1]));
  r.push("!AIVDM,1,1,,B,177KQJ5000G?tO`K>RA1wUbN0TKH,0*5D");
  EXPECT_EQ(r.drops(DropCause::bad_checksum), 1U);
  r.push("garbage");
  EXPECT_EQ(r.drops(DropCause::malformed), 1U);
  r.push(std::string(Reassembler::kMaxLineChars + 1, '!'));
  EXPECT_EQ(r.drops(DropCause::too_long), 1U);
  auto checked = [&r](const std::string& body) {
    char hex[3];
    std::snprintf(hex, sizeof hex, "%02X", nmea_checksum(body));
    return r.push("!" + body + "*" + hex);
  };
  checked("AIVDM,1,1,,B,177KQJ5000G?tO`K>RA1wUbN0TK,0");  // 27 characters: 162 bits
  EXPECT_EQ(r.drops(DropCause::wrong_length), 1U);
  checked("AIVDM,1,1,,B,877KQJ5000G?tO`K>RA1wUbN0TKH,0");
  EXPECT_EQ(r.drops(DropCause::unknown_type), 1U);
  checked("AIVDM,1,1,,B,177KQJ5000G?tO`K>RA1wUbN0TKx,0");
  EXPECT_EQ(r.drops(DropCause::bad_character), 1U);
  checked("AIVDM,1,1,,B,177KQJ5000G?tO`K>RA1wUbN0TKH,7");
  EXPECT_EQ(r.drops(DropCause::bad_fill_bits), 1U);
  EXPECT_EQ(r.messages(), 1U);
  r.push(v[0]);
  r.flush();
  EXPECT_EQ(r.drops(DropCause::orphan_fragment), 3U);
  EXPECT_EQ(to_string(DropCause::bad_tag_block_checksum), "bad_tag_block_checksum");
}

TEST(AisReassembler, MemoryIsBounded) {
  testing::RandomMessages gen(9);
  Reassembler r;
  // First fragments from 1,000 sources that never send their second: at most kMaxPending held.
  for (int k = 0; k < 1000; ++k) {
    std::string source = std::to_string(k);  // GCC 12 warns (-Wrestrict) on "s" + std::to_string()
    source.insert(0, 1, 's');
    r.push(sentences(gen.static_voyage(), Channel::a, source)[0]);
    EXPECT_LE(r.pending_fragments(), Reassembler::kMaxPending);
  }
  EXPECT_EQ(r.drops(DropCause::orphan_fragment) + r.pending_fragments(), 1000U);
}

}  // namespace
}  // namespace tankersim::ais
