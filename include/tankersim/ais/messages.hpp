#pragma once
// AIS messages as ITU-R M.1371-5 (Annex 8) lays them out, one struct per message type, with every
// field in the unit its name carries. A quantity the transmitter marks "not available" (longitude
// 181, latitude 91, SOG 102.3 kn, COG 360, heading 511, ...) is an empty std::optional; codes
// whose every value is meaningful (navigational status, EPFD, ship type, radio status) are kept
// as the integers the standard defines, with named values for the common ones (docs/ais.md).
#include <cstdint>
#include <optional>
#include <string>
#include <variant>

namespace tankersim::ais {

/// The fields every message starts with.
struct Header {
  std::uint8_t repeat = 0;  ///< repeat indicator, 0-3
  std::uint32_t mmsi = 0;   ///< 30 bits, 0-1,073,741,823
  bool operator==(const Header&) const = default;
};

/// Navigational status (types 1-3 and 27), 4 bits; 15 "not defined" is the default.
enum class NavStatus : std::uint8_t {
  under_way_using_engine = 0,
  at_anchor = 1,
  not_under_command = 2,
  restricted_manoeuvrability = 3,
  constrained_by_draught = 4,
  moored = 5,
  aground = 6,
  engaged_in_fishing = 7,
  under_way_sailing = 8,
  ais_sart = 14,
  not_defined = 15,
};

/// Type of electronic position fixing device (types 5, 19, 24), 4 bits; 0 undefined.
enum class Epfd : std::uint8_t {
  undefined = 0,
  gps = 1,
  glonass = 2,
  combined_gps_glonass = 3,
  loran_c = 4,
  chayka = 5,
  integrated_navigation = 6,
  surveyed = 7,
  galileo = 8,
  internal_gnss = 15,
};

/// Ship and cargo type codes 80-89 are tankers (ITU-R M.1371-5 table 53); 0 is "not available".
inline constexpr std::uint8_t kShipTypeTanker = 80;
constexpr bool is_tanker(std::uint8_t ship_type) { return ship_type >= 80 && ship_type <= 89; }

/// Rate of turn as transmitted (types 1-3): the 8-bit signed ROT_AIS = 4.733 * sqrt(ROT deg/min),
/// +-126 for 708 deg/min and above, +-127 "turning more than 5 deg per 30 s, no turn indicator",
/// -128 not available. Kept raw because the square-root scale makes a deg/min value round-trip
/// only through this integer; rot_deg_per_min() and rot_indicator_from() convert.
inline constexpr std::int8_t kRotNotAvailable = -128;
inline constexpr std::int8_t kRotRightNoIndicator = 127;
inline constexpr std::int8_t kRotLeftNoIndicator = -127;
/// Rate of turn in deg/min (positive to starboard) for ROT_AIS -126..126, empty otherwise.
std::optional<double> rot_deg_per_min(std::int8_t rot_indicator);
/// ROT_AIS for a rate of turn in deg/min, rounded and limited to +-126.
std::int8_t rot_indicator_from(double rot_deg_per_min);

/// Dimensions from the position reference point (types 5, 19, 24B), metres. 0 is "not available";
/// the widest values mean "this or more" (bow, stern 511 m; port, starboard 63 m).
struct Dimensions {
  std::uint16_t to_bow_m = 0;       ///< 9 bits
  std::uint16_t to_stern_m = 0;     ///< 9 bits
  std::uint8_t to_port_m = 0;       ///< 6 bits
  std::uint8_t to_starboard_m = 0;  ///< 6 bits
  bool operator==(const Dimensions&) const = default;
};

/// Types 1, 2, 3: Class A position report (168 bits).
struct PositionReportA {
  std::uint8_t type = 1;  ///< 1 scheduled, 2 assigned, 3 special (interrogated)
  Header header;
  NavStatus nav_status = NavStatus::not_defined;
  std::int8_t rot_indicator = kRotNotAvailable;
  std::optional<double> sog_kn;              ///< 0.1 kn steps, 0-102.2 (102.2: 102.2 kn or more)
  bool position_accuracy = false;            ///< true: better than 10 m (DGNSS)
  std::optional<double> lon_deg;             ///< 1/10,000 min steps, -180..180, east positive
  std::optional<double> lat_deg;             ///< 1/10,000 min steps, -90..90, north positive
  std::optional<double> cog_deg;             ///< 0.1 deg steps, 0-359.9
  std::optional<std::uint16_t> heading_deg;  ///< true heading, 0-359
  std::uint8_t timestamp_s = 60;             ///< UTC second 0-59; 60 N/A, 61 manual, 62 dead reckoning, 63 inoperative
  std::uint8_t manoeuvre = 0;                ///< special manoeuvre indicator: 0 N/A, 1 no, 2 yes
  std::uint8_t spare = 0;                    ///< 3 bits
  bool raim = false;
  std::uint32_t radio_status = 0;  ///< 19 bits (SOTDMA or ITDMA communication state)
  bool operator==(const PositionReportA&) const = default;
};

/// Estimated time of arrival (type 5): UTC month, day, hour, minute, each with its own
/// "not available" value (0, 0, 24, 60), as the standard sends them.
struct Eta {
  std::uint8_t month = 0;    ///< 1-12; 0 N/A
  std::uint8_t day = 0;      ///< 1-31; 0 N/A
  std::uint8_t hour = 24;    ///< 0-23; 24 N/A
  std::uint8_t minute = 60;  ///< 0-59; 60 N/A
  bool operator==(const Eta&) const = default;
};

/// Type 5: static and voyage related data (424 bits, two sentences).
struct StaticVoyage {
  Header header;
  std::uint8_t ais_version = 0;  ///< 0 = ITU-R M.1371-1; 1-3 later editions
  std::uint32_t imo = 0;         ///< IMO number; 0 N/A
  std::string call_sign;         ///< up to 7 characters of the 6-bit set; "" N/A
  std::string name;              ///< up to 20 characters; "" N/A
  std::uint8_t ship_type = 0;    ///< 0 N/A; 80-89 tanker
  Dimensions dimensions;
  Epfd epfd = Epfd::undefined;
  Eta eta;
  std::optional<double> draught_m;  ///< 0.1 m steps, 0.1-25.5 (25.5: 25.5 m or more); 0 N/A
  std::string destination;          ///< up to 20 characters; "" N/A
  bool dte_not_ready = true;        ///< data terminal equipment: false available, true not available
  bool spare = false;
  bool operator==(const StaticVoyage&) const = default;
};

/// Type 18: standard Class B equipment position report (168 bits).
struct PositionReportB {
  Header header;
  std::uint8_t reserved = 0;  ///< 8 bits for regional applications
  std::optional<double> sog_kn;
  bool position_accuracy = false;
  std::optional<double> lon_deg;
  std::optional<double> lat_deg;
  std::optional<double> cog_deg;
  std::optional<std::uint16_t> heading_deg;
  std::uint8_t timestamp_s = 60;
  std::uint8_t regional = 0;  ///< 2 bits
  bool cs_unit = true;        ///< true: carrier-sense (CS) unit; false: SOTDMA
  bool has_display = false;
  bool has_dsc = false;
  bool whole_band = false;          ///< can use the whole marine band
  bool accepts_message_22 = false;  ///< frequency management by message 22
  bool assigned = false;            ///< assigned mode
  bool raim = false;
  bool itdma = false;              ///< communication state selector: false SOTDMA, true ITDMA
  std::uint32_t radio_status = 0;  ///< 19 bits
  bool operator==(const PositionReportB&) const = default;
};

/// Type 19: extended Class B equipment position report (312 bits).
struct ExtendedReportB {
  Header header;
  std::uint8_t reserved = 0;  ///< 8 bits
  std::optional<double> sog_kn;
  bool position_accuracy = false;
  std::optional<double> lon_deg;
  std::optional<double> lat_deg;
  std::optional<double> cog_deg;
  std::optional<std::uint16_t> heading_deg;
  std::uint8_t timestamp_s = 60;
  std::uint8_t regional = 0;  ///< 4 bits
  std::string name;           ///< up to 20 characters
  std::uint8_t ship_type = 0;
  Dimensions dimensions;
  Epfd epfd = Epfd::undefined;
  bool raim = false;
  bool dte_not_ready = true;
  bool assigned = false;
  std::uint8_t spare = 0;  ///< 4 bits
  bool operator==(const ExtendedReportB&) const = default;
};

/// Type 24 part A: Class B static data, the name (160 bits).
struct StaticReportA {
  Header header;
  std::string name;
  bool operator==(const StaticReportA&) const = default;
};

/// Type 24 part B: Class B static data, type, vendor and call sign (168 bits). An auxiliary
/// craft (MMSI 98MIDXXXX) sends its mother ship's MMSI where the others send dimensions.
struct StaticReportB {
  Header header;
  std::uint8_t ship_type = 0;
  std::string vendor_id;              ///< manufacturer's id, up to 3 characters
  std::uint8_t unit_model = 0;        ///< 4 bits
  std::uint32_t serial_number = 0;    ///< 20 bits
  std::string call_sign;              ///< up to 7 characters
  Dimensions dimensions;              ///< when the MMSI is not an auxiliary craft's
  std::uint32_t mothership_mmsi = 0;  ///< when it is (is_auxiliary_craft)
  std::uint8_t spare = 0;             ///< 6 bits
  bool operator==(const StaticReportB&) const = default;
};
/// MMSI 98MIDXXXX: a craft associated with a parent ship (ITU-R M.585).
constexpr bool is_auxiliary_craft(std::uint32_t mmsi) { return mmsi / 10'000'000U == 98; }

/// Type 27: long-range AIS broadcast, for satellite reception (96 bits).
struct LongRangeReport {
  Header header;
  bool position_accuracy = false;
  bool raim = false;
  NavStatus nav_status = NavStatus::not_defined;
  std::optional<double> lon_deg;         ///< 1/10 min steps
  std::optional<double> lat_deg;         ///< 1/10 min steps
  std::optional<std::uint8_t> sog_kn;    ///< whole knots, 0-62 (62: 62 kn or more)
  std::optional<std::uint16_t> cog_deg;  ///< whole degrees, 0-359
  bool position_latency = false;         ///< false: reported position latency < 5 s; true: > 5 s
  bool spare = false;
  bool operator==(const LongRangeReport&) const = default;
};

/// One decoded or to-be-encoded message; the alternative says its type (for 1-3, see .type).
using Message = std::variant<PositionReportA, StaticVoyage, PositionReportB, ExtendedReportB, StaticReportA,
                             StaticReportB, LongRangeReport>;

/// The ITU message type number of a message (1-3, 5, 18, 19, 24, 27).
int message_type(const Message& message);
/// Its MMSI.
std::uint32_t message_mmsi(const Message& message);

}  // namespace tankersim::ais
