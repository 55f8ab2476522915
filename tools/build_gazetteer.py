#!/usr/bin/python3
"""Builds the built-in gazetteer, data/gazetteer-world.tsv, from the curated places
(data/gazetteer.tsv) and the ports and route junctions of NGA Pub. 151
(data/pub151/pub151_places.csv), and lists every Pub. 151 entry it corrected, merged, renamed or
dropped in data/ports-corrections.tsv.

    tools/build_gazetteer.py            # rewrite both files (~6 s)
    tools/build_gazetteer.py --check    # exit 1 when a committed file is not what it would write
    tools/build_gazetteer.py --review   # also list ports far inland, for a look by hand

What it does, in order (one function each, called from main):
1. read_pub151: typographic apostrophes and their title-case artefacts become ASCII ("Ra’S" ->
   "Ra's"), and country text that lost its spaces gets them back ("Newzealand").
2. assign_countries: Pub. 151's country text -> ISO 3166-1 alpha-3 (PUB151_COUNTRY, and
   PLACE_COUNTRY for entries that name an ocean or the wrong country).
3. merge_entries: entries at one position in one country are one place (Aaiun, El Aaiun); a
   port that is also a route junction is one place (the junction's position, within MERGE_NM).
4. check_positions: a position farther than NEAR_COUNTRY_NM from its country's Natural Earth
   1:50m polygon, or on land in another country, is suspect. A suspect is tried with the usual
   transcription slips (a sign; a digit of the degrees dropped, added, changed or two swapped;
   latitude and longitude swapped), and a slip is taken when it is the only one that lands in or
   beside the country (within BESIDE_NM of its polygon and of open water). Junctions and the
   offshore terminals and islands of OFFSHORE may lie up to OFFSHORE_NM off the coast. Decisions
   made by hand (SLIPS_BY_HAND, REJECTED_SLIPS, DROPS_BY_HAND, REMOTE_ISLANDS) come first;
   a suspect that none of this explains is dropped.
5. match_curated: a Pub. 151 place with the name or an alias of a curated place (place_key
   equality, as the scenario loader matches names) in the same country (a curated "-" matches
   any), or listed in SAME_PLACE, is that place; where two match one, the one with its name. The
   curated entry keeps its name, kind, position and aliases and gains Pub. 151's position, its
   spelling (as an alias, where the key differs) and the "Name, Country" form.
6. snap_places: each new place moves to the nearest point of open water at least CLEARANCE_NM
   from Natural Earth 1:50m land, unless it is there already. Open water is water connected to
   the edge of the search box, not a pocket behind a passage narrower than twice the clearance.
   A place with no open water within MAX_SNAP_NM is dropped.
7. name_places: a name that two places share, that is a curated name or alias, or that the
   project's scenarios give a place of their own (RESERVED_NAMES), becomes "Name, Country" with
   Pub. 151's country text, the form of Pub. 151's own tables ("Portland, Maine, U.S.A."); every
   Pub. 151 place also answers to that form as an alias.

The output depends only on the inputs and GEOS (Debian 12's 3.11; its buffers and distances are
exact far below the 5 decimals, ~1 m, written): everything runs in file order, nothing is random.
"""
import argparse
import csv
import io
import json
import math
import os
import statistics
import sys
import warnings

from shapely.geometry import Point, Polygon, box
from shapely.ops import nearest_points, transform, unary_union
from shapely.prepared import prep
from shapely.strtree import STRtree
from shapely.validation import make_valid

warnings.filterwarnings("ignore", message="STRtree will be changed")  # shapely 1.8 on Debian 12

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CURATED = os.path.join(ROOT, "data", "gazetteer.tsv")
PUB151 = os.path.join(ROOT, "data", "pub151", "pub151_places.csv")
COUNTRIES = os.path.join(ROOT, "data", "natural-earth", "countries-50m.geojson")
LAND = os.path.join(ROOT, "data", "natural-earth", "land-50m.geojson")
OUT_PLACES = os.path.join(ROOT, "data", "gazetteer-world.tsv")
OUT_CORRECTIONS = os.path.join(ROOT, "data", "ports-corrections.tsv")

SOURCE = "NGA Pub. 151 (2001)"
CLEARANCE_NM = 0.5       # a snapped place is at least this far from land
BUFFER_NM = 0.52         # the buffer drawn, so that rounding to 5 decimals (~1 m) keeps 0.5
NEAR_COUNTRY_NM = 12.0   # a port within this of its country's polygon is not suspect
BESIDE_NM = 4.0          # a slip must land this close to the country and to open water
OFFSHORE_NM = 60.0       # how far off its coast a junction or an OFFSHORE terminal may lie
# Beyond 150 nm the nearest open water is no longer the river's mouth: Santa Fe (Parana, 137 nm)
# still snaps to the Parana delta, Igarka (Yenisei, 177 nm) would snap into the Taz estuary.
MAX_SNAP_NM = 150.0
REVIEW_SNAP_NM = 20.0    # --review lists ports this far inland that no table decides
MERGE_NM = 1.0           # a port and a junction of one name this close are one place
EARTH_RADIUS_NM = 6371008.8 / 1852.0  # tankersim's sphere (geo/sphere.hpp: R1 of WGS84)

# ---- countries ------------------------------------------------------------------------------

# Pub. 151's country text -> ISO 3166-1 alpha-3. Text that ends in ", U.S.A." is USA.
PUB151_COUNTRY = {
    "Albania": "ALB", "Algeria": "DZA", "American Samoa": "ASM", "Andaman Islands": "IND",
    "Angola": "AGO", "Antigua": "ATG", "Argentina": "ARG", "Aruba": "ABW",
    "Ascension Island": "SHN", "Australia": "AUS", "Azores": "PRT", "Bahama Islands": "BHS",
    "Bahamas": "BHS", "Bahrain": "BHR", "Bahrayn": "BHR", "Balearic Islands": "ESP",
    "Bangladesh": "BGD", "Barbados": "BRB", "Belgium": "BEL", "Belize": "BLZ", "Benin": "BEN",
    "Bermuda": "BMU", "Bonaire": "BES", "Bornholm, Denmark": "DNK", "Brazil": "BRA",
    "Bulgaria": "BGR", "Burma": "MMR", "Cabinda": "AGO", "Cambodia": "KHM", "Cameroon": "CMR",
    "Canada": "CAN", "Canary Islands": "ESP", "Caroline Islands": "FSM", "Cayman Islands": "CYM",
    "Chagos Archipelago": "IOT", "Chile": "CHL", "China": "CHN", "Christmas Island": "CXR",
    "Cocos Islands": "CCK", "Colombia": "COL", "Cook Islands": "COK", "Corsica": "FRA",
    "Costa Rica": "CRI", "Croatia": "HRV", "Cuba": "CUB", "Curacao": "CUW", "Cyprus": "CYP",
    "Denmark": "DNK", "Djibouti": "DJI", "Dominica": "DMA", "Dominican Republic": "DOM",
    "Ecuador": "ECU", "Egypt": "EGY", "El Salvador": "SLV", "Eleuthera Island, Bahama Islands": "BHS",
    "England": "GBR", "Equatorial Guinea": "GNQ", "Estonia": "EST", "Falkland Islands": "FLK",
    "Faroe Islands": "FRO", "Fayal, Azores": "PRT", "Fiji Islands": "FJI", "Finland": "FIN",
    "France": "FRA", "Gabon": "GAB", "Gambia": "GMB", "Georgia": "GEO", "Germany": "DEU",
    "Ghana": "GHA", "Gibraltar": "GIB", "Grand Bahama Islands": "BHS", "Great Inagua Island": "BHS",
    "Greece": "GRC", "Greenland": "GRL", "Grenada": "GRD", "Guadeloupe": "GLP",
    "Guam, Mariana Islands": "GUM", "Guatemala": "GTM", "Guinea": "GIN", "Guinea-Bissau": "GNB",
    "Guyana": "GUY", "Haiti": "HTI", "Honduras": "HND", "Honshu, Japan": "JPN", "Iceland": "ISL",
    "Ile De France": "FRA", "Iles Tuamotu": "PYF", "India": "IND", "Indonesia": "IDN", "Iran": "IRN",
    "Iraq": "IRQ", "Ireland": "IRL", "Isla De Vieques, Puerto Rico": "PRI", "Isle Of Man": "IMN",
    "Israel": "ISR", "Italy": "ITA", "Ivory Coast": "CIV", "Jamaica": "JAM", "Japan": "JPN",
    "Jordan": "JOR", "Kalimantan, Indonesia": "IDN", "Kenya": "KEN", "Kermadec Islands": "NZL",
    "Kiribati": "KIR", "Kriti": "GRC", "Kriti, Greece": "GRC", "Kuril Islands, Russia": "RUS",
    "Kuwait": "KWT", "Latvia": "LVA", "Lebanon": "LBN", "Liberia": "LBR", "Libya": "LBY",
    "Line Islands": "KIR", "Lithuania": "LTU", "Luzon, Philippines": "PHL", "Madagascar": "MDG",
    "Madeira Island": "PRT", "Malaya, Malaysia": "MYS", "Malaysia": "MYS", "Malta": "MLT",
    "Margarita, Venezuela": "VEN", "Mariana Islands": "MNP", "Marquesa Islands": "PYF",
    "Marshall Islands": "MHL", "Martinique": "MTQ", "Mauritania": "MRT", "Mauritius": "MUS",
    "Mayaguana Island, Bahamas": "BHS", "Mexico": "MEX", "Monaco": "MCO", "Montenegro": "MNE",
    "Montserrat": "MSR", "Morocco": "MAR", "Mozambique": "MOZ", "Mungla Anchorage, Bangladesh": "BGD",
    "Namibia": "NAM", "Netherlands": "NLD", "New Brunswick, Canada": "CAN", "New Caledonia": "NCL",
    "New Zealand": "NZL", "Nicaragua": "NIC", "Nigeria": "NGA", "North Korea": "PRK",
    "Northern Ireland": "GBR", "Norway": "NOR", "Okinawa Jima, Ryukyu Islands": "JPN", "Oman": "OMN",
    "Orkney Islands, United Kingdom": "GBR", "Pakistan": "PAK", "Palau Islands": "PLW",
    "Panama": "PAN", "Panay, Philippines": "PHL", "Papua New Guinea": "PNG", "Peru": "PER",
    "Philippines": "PHL", "Phoenix Islands": "KIR", "Poland": "POL", "Ponte Vedra Bay, Spain": "ESP",
    "Portugal": "PRT", "Puerto Rico": "PRI", "Qatar": "QAT", "Reunion Island": "REU",
    "Romania": "ROU", "Russia": "RUS", "Ryukyu Islands": "JPN", "Sabah": "MYS",
    "Saint Kitts And Nevis": "KNA", "Sakhalin, Russia": "RUS", "Samoa": "WSM",
    "Sao Tiago, Cape Verde Islands": "CPV", "Sao Tome, Gulf Of Guinea": "STP",
    "Sao Vicente, Cape Verde Islands": "CPV", "Sarawak": "MYS", "Sardinia": "ITA",
    "Saudi Arabia": "SAU", "Scotland": "GBR", "Senegal": "SEN", "Seychelles": "SYC", "Sicily": "ITA",
    "Sicily, Italy": "ITA", "Sierra Leone": "SLE", "Slovenia": "SVN", "Solomon Islands": "SLB",
    "Somalia": "SOM", "South Africa": "ZAF", "South Korea": "KOR", "Spain": "ESP", "Sri Lanka": "LKA",
    "St. Croix": "VIR", "St. Croix, Virgin Islands": "VIR", "St. Eustatius": "BES", "St. Lucia": "LCA",
    "St. Thomas, Virgin Islands": "VIR", "St. Vincent": "VCT", "Sudan": "SDN", "Sulawesi": "IDN",
    "Suriname": "SUR", "Svalbard": "SJM", "Sweden": "SWE", "Syria": "SYR",
    "Tahiti, French Polynesia": "PYF", "Taiwan": "TWN", "Tanzania": "TZA", "Tasmania": "AUS",
    "Terceira, Azores": "PRT", "Thailand": "THA", "Togo": "TGO", "Tonga Islands": "TON",
    "Tortola, British Virgin Islands": "VGB", "Trinidad": "TTO", "Tunisia": "TUN", "Turkey": "TUR",
    "Tuvalu": "TUV", "Ukraine": "UKR", "Ukraine (Black Sea)": "UKR", "United Arab Emirates": "ARE",
    "Uruguay": "URY", "Venezuela": "VEN", "Vietnam": "VNM", "Wales": "GBR", "Western Sahara": "ESH",
    "Yemen": "YEM",
}

# Country text that lost its spaces in the transcription -> the text as Pub. 151 prints it.
COUNTRY_TEXT_FIXES = {
    "Equatorialguinea": "Equatorial Guinea", "Marianaislands": "Mariana Islands",
    "Newcaledonia": "New Caledonia", "Newjersey, U.S.A.": "New Jersey, U.S.A.",
    "Newzealand": "New Zealand", "Northkorea": "North Korea",
    "Orkney Islands, Unitedkingdom": "Orkney Islands, United Kingdom",
    "Palauislands": "Palau Islands", "Sierraleone": "Sierra Leone", "Srilanka": "Sri Lanka",
    "St.Croix": "St. Croix",
}

# Entries whose country text names an ocean, is empty, or is not the country the position is in:
# (name, country text) -> (ISO alpha-3, or "-" for international waters; why).
PLACE_COUNTRY = {
    ("Baker Island", "North Pacific"): ("UMI", "a US Minor Outlying Island"),
    ("Howland Island", "U.S.A."): ("UMI", "a US Minor Outlying Island"),
    ("Jarvis Island", "Line Islands"): ("UMI", "a US Minor Outlying Island in the Line Islands"),
    ("Johnston Island", "North Pacific"): ("UMI", "a US Minor Outlying Island"),
    ("Midway Island", "North Pacific"): ("UMI", "a US Minor Outlying Island"),
    ("Wake Island", "Pacific"): ("UMI", "a US Minor Outlying Island"),
    ("Fanning Island", "North Pacific"): ("KIR", "Tabuaeran, in the Line Islands of Kiribati"),
    ("Ocean Island", "Pacific"): ("KIR", "Banaba, Kiribati"),
    ("Easter Island", "South Pacific"): ("CHL", "Rapa Nui, Chile"),
    ("Isla De Pascua", "South Pacific"): ("CHL", "Rapa Nui, Chile"),
    ("Islas Juan Fernandez", "South Pacific"): ("CHL", "the Juan Fernandez Islands, Chile"),
    ("St. Helena Island", "South Atlantic"): ("SHN", "St Helena"),
    ("Aruba", "Netherlands"): ("ABW", "Aruba, a country of the Kingdom of the Netherlands"),
    ("Assab", "Ethiopia"): ("ERI", "in Eritrea since 1993"),
    ("Massawa", "Ethiopia"): ("ERI", "in Eritrea since 1993"),
    ("Kerch", "Georgia"): ("UKR", "Kerch is in the Crimea (Ukraine in 2001), not in Georgia"),
    ("Kunsan", "Japan"): ("KOR", "Kunsan (Gunsan) is a port of South Korea"),
    ("Singapore", ""): ("SGP", "the junction in Singapore's port limits"),
    ("Florida Straits", "U.S.A."): ("-", "an international strait, as the curated Florida Straits"),
    ("Grand Banks South", ""): ("-", "international waters"),
    ("Strait Of Gibraltar", ""): ("-", "an international strait"),
    ("Straits Of Florida", ""): ("-", "an international strait"),
    ("Yucatan Channel", ""): ("-", "an international strait"),
}

# One country text for two ISO countries: the nearer polygon decides.
AMBIGUOUS_COUNTRY = {"Congo": ("COG", "COD")}

# ISO alpha-3 -> ISO numeric, the ids of countries-50m.geojson.
ISO_NUMERIC = {
    "ABW": "533", "AGO": "024", "ALB": "008", "ARE": "784", "ARG": "032", "ASM": "016",
    "ATG": "028", "AUS": "036", "BEL": "056", "BEN": "204", "BGD": "050", "BGR": "100",
    "BHR": "048", "BHS": "044", "BLZ": "084", "BMU": "060", "BRA": "076", "BRB": "052",
    "CAN": "124", "CHL": "152", "CHN": "156", "CIV": "384", "CMR": "120", "COD": "180",
    "COG": "178", "COK": "184", "COL": "170", "CPV": "132", "CRI": "188", "CUB": "192",
    "CUW": "531", "CYM": "136", "CYP": "196", "DEU": "276", "DJI": "262", "DMA": "212",
    "DNK": "208", "DOM": "214", "DZA": "012", "ECU": "218", "EGY": "818", "ERI": "232",
    "ESH": "732", "ESP": "724", "EST": "233", "FIN": "246", "FJI": "242", "FLK": "238",
    "FRA": "250", "FRO": "234", "FSM": "583", "GAB": "266", "GBR": "826", "GEO": "268",
    "GHA": "288", "GIN": "324", "GMB": "270", "GNB": "624", "GNQ": "226", "GRC": "300",
    "GRD": "308", "GRL": "304", "GTM": "320", "GUM": "316", "GUY": "328", "HND": "340",
    "HRV": "191", "HTI": "332", "IDN": "360", "IMN": "833", "IND": "356", "IOT": "086",
    "IRL": "372", "IRN": "364", "IRQ": "368", "ISL": "352", "ISR": "376", "ITA": "380",
    "JAM": "388", "JOR": "400", "JPN": "392", "KEN": "404", "KHM": "116", "KIR": "296",
    "KNA": "659", "KOR": "410", "KWT": "414", "LBN": "422", "LBR": "430", "LBY": "434",
    "LCA": "662", "LKA": "144", "LTU": "440", "LVA": "428", "MAR": "504", "MCO": "492",
    "MDG": "450", "MEX": "484", "MHL": "584", "MLT": "470", "MMR": "104", "MNE": "499",
    "MNP": "580", "MOZ": "508", "MRT": "478", "MSR": "500", "MUS": "480", "MYS": "458",
    "NAM": "516", "NCL": "540", "NGA": "566", "NIC": "558", "NLD": "528", "NOR": "578",
    "NZL": "554", "OMN": "512", "PAK": "586", "PAN": "591", "PER": "604", "PHL": "608",
    "PLW": "585", "PNG": "598", "POL": "616", "PRI": "630", "PRK": "408", "PRT": "620",
    "PYF": "258", "QAT": "634", "ROU": "642", "RUS": "643", "SAU": "682", "SDN": "729",
    "SEN": "686", "SGP": "702", "SHN": "654", "SLB": "090", "SLE": "694", "SLV": "222",
    "SOM": "706", "STP": "678", "SUR": "740", "SVN": "705", "SWE": "752", "SYC": "690",
    "SYR": "760", "TGO": "768", "THA": "764", "TON": "776", "TTO": "780", "TUN": "788",
    "TUR": "792", "TWN": "158", "TZA": "834", "UKR": "804", "URY": "858", "USA": "840",
    "VCT": "670", "VEN": "862", "VGB": "092", "VIR": "850", "VNM": "704", "WSM": "882",
    "YEM": "887", "ZAF": "710",
}

# Codes that Natural Earth 1:50m draws within another feature, under a name without an id, or in
# several features: the features (ids or names) to check against instead.
CHECK_FEATURES = {
    "GLP": ["250"], "MTQ": ["250"], "REU": ["250"],  # French overseas departments
    "BES": ["528"],                                   # the Caribbean Netherlands
    "SJM": ["578"],                                   # Svalbard, drawn with Norway
    "CXR": ["Indian Ocean Ter."], "CCK": ["Indian Ocean Ter."],
    "CYP": ["196", "N. Cyprus"], "SOM": ["706", "Somaliland"],
    "ESH": ["732", "504"],                            # Western Sahara's coast is drawn with Morocco
    "CHN": ["156", "344", "446"],                     # Pub. 151 lists Hong Kong and Macao in China
}

# Places checked against the polygon Natural Earth 1:50m draws where they are (it draws the
# Crimea and the southern Kurils with Russia): Pub. 151 name -> features.
PLACE_CHECK = {"Kerch": ["643"], "Tomari": ["643"]}

# Territories Natural Earth 1:50m countries does not draw: (lat, lon, radius nm) that hold them,
# from their published coordinates in degrees and minutes.
REFERENCE_POINTS = {
    "GIB": [(36.133, -5.350, 3.0)],
    "TUV": [(-8.517, 179.217, 15.0)],   # Funafuti
    "UMI": [(0.217, -176.467, 3.0),     # Baker Island
            (0.800, -176.633, 3.0),     # Howland Island
            (-0.383, -160.017, 3.0),    # Jarvis Island
            (16.750, -169.517, 5.0),    # Johnston Atoll
            (28.200, -177.367, 5.0),    # Midway Atoll
            (19.283, 166.650, 5.0)],    # Wake Island
}

# ---- decisions made by hand -----------------------------------------------------------------
# Each names one Pub. 151 entry (any of a merged place's names) and says why; the tool stops if a
# name matches no entry, so that a table cannot go stale silently.

# Islands Natural Earth 1:50m does not draw, far from the rest of their country: the island's
# published position (lat, lon); the entry must lie within 15 nm of it.
REMOTE_ISLANDS = {
    "Bikini": (11.583, 165.383), "Eniwetak": (11.500, 162.333), "Wotho": (10.167, 166.000),
    "Wotje Island": (9.450, 170.233), "Fernando De Noronha": (-3.850, -32.417),
    "Raoul Island": (-29.267, -177.917), "Swan Island": (17.417, -83.933),
}

# Offshore terminals and islands (not drawn at 1:50m) that lie NEAR_COUNTRY_NM to OFFSHORE_NM off
# their country's coast as Pub. 151 gives them.
OFFSHORE = {
    "Az Zarqa Island": "Zirku Island, offshore Abu Dhabi", "Das Island": "offshore Abu Dhabi",
    "Fateh Terminal": "the Fateh field, offshore Dubai", "Halul Island": "offshore Qatar",
    "Sirri Island": "offshore Iran", "Kharg Island": "the island's terminal",
    "Khawr-Al-Amaya": "the Khor al-Amaya oil terminal, offshore Iraq",
    "Brass River (Offshore Terminal)": "offshore Nigeria", "Forcados Offshore Terminal": "offshore Nigeria",
    "Pennington Terminal": "offshore Nigeria", "Kole": "the Kole oil terminal, offshore Cameroon",
    "Loop Terminal": "the Louisiana Offshore Oil Port", "Dagu Bar": "the bar off the Hai He's mouth",
    "Albatross Bay": "the bay's entrance off Weipa",
}

# Slips the automatic search does not take (a suspect it does not flag, or a digit of the
# minutes), each checked against the port's known position: name -> (lat, lon, why). The tool
# checks that each is one slip from what it reads.
SLIPS_BY_HAND = {
    "New Haven": (41.29000, -72.90833, "New Haven is at 72 deg 55 min W"),
    "Baytown": (29.72750, -95.02250, "Baytown, on Galveston Bay, is at 95 deg 01 min W"),
    "Chen-Chang": (32.21667, 119.40000, "Chen-Chang is Zhenjiang, which Pub. 151 also gives at 119 deg 27 min E"),
    "Lien-Yun": (34.74167, 119.45833, "Lianyungang is at 34 deg 44 min N"),
    "Kandalaksha": (67.13333, 32.40000, "Kandalaksha is at 32 deg 24 min E"),
    "Mare Island": (38.10000, -122.26667, "Mare Island is at 38 deg 06 min N"),
    "Moji": (33.94167, 130.95833, "Moji is on the Kanmon Strait at 33 deg 57 min N"),
    "New Mangalore": (12.92556, 74.80000, "New Mangalore is at 12 deg 55 min N; the degrees slip "
                      "the search finds, 13 deg 05 min N, is 10 nm north of it"),
    "Skagway": (59.45000, -135.33333, "Skagway is at 135 deg 19 min W; a digit added to 13 also "
                "gives 139 deg W, so the search cannot choose"),
}

# Slips the automatic search would take but that do not give the port's known position.
REJECTED_SLIPS = {
    "Thorshavn": "Torshavn is at 6 deg 46 min W; the slip's 7 deg 04 min W is 15 nm west of it",
}

# Positions that are wrong by more than one slip: name -> why.
DROPS_BY_HAND = {
    "Seattle": "47 deg 03 min N is 33 nm south of Seattle (47 deg 36 min N), at the south end of Puget Sound",
}

# Pub. 151 entries that are a curated place under another spelling (same country, a few nm apart):
# Pub. 151 name -> curated name.
SAME_PLACE = {"Ra's Tannurah": "Ras Tanura"}

# Pub. 151 entries whose name is a curated name or alias but which are another place: they are
# named by the collision rule instead. Pub. 151 name -> why.
NOT_SAME_PLACE = {
    "Malacca": "the town; the curated alias Malacca is the Strait of Malacca, 89 nm away",
    "Gibraltar": "the port; the curated Gibraltar is the strait, Pub. 151's Strait Of Gibraltar",
}

# Places of several Pub. 151 names (entries at one position) whose first name in file order is
# not the port's usual name: the name to use -> why.
PRIMARY_NAME = {
    "Buenos Aires": "Atucha, at the same position in Pub. 151, is a power station up the Parana",
    "Philadelphia": "Camden, at the same position, is across the Delaware",
    "Sint Nicolaashaven": "Pub. 151's other name for it is the island's, Aruba",
    "Vung Tau": "Cape St. Jacques is the colonial name",
    "Ploce": "Kardeljevo was its name from 1980 to 1990",
    "Magadan": "Bukhta Nagayeva is the bay",
}

# Names the project's own scenarios give their own places: a built-in place of the name would stop
# them loading ("is a built-in place"), so Pub. 151's is named by the collision rule.
RESERVED_NAMES = {
    "Yucatan Channel": "scenarios/venezuela_2020.yaml, seizure_aug_2020.yaml and "
                       "what-if/venezuela_2020_interdict.yaml define their own, 42 nm west of Pub. 151's",
}

PASSAGE_WORDS = ("strait", "straits", "selat", "channel", "firth", "kaikyo")

# ---- geometry -------------------------------------------------------------------------------


def unwrapped_polygons(geometry):
    """Polygons of a GeoJSON geometry as tankersim's LandMask reads them (sim/geo/land_mask.cpp):
    longitudes made continuous along each ring, a ring that wraps the globe closed over the pole,
    and a copy shifted by 360 degrees of a polygon that crosses +-180. Invalid ones are repaired
    with make_valid, which keeps the even-odd area the LandMask's ray casting sees."""
    polys = geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
    out = []
    for rings in polys:
        unwrapped = []
        for ring in rings:
            pts, shift, prev = [], 0.0, None
            for lon, lat in ring:
                if prev is not None:
                    if lon + shift - prev > 180.0:
                        shift -= 360.0
                    if lon + shift - prev < -180.0:
                        shift += 360.0
                prev = lon + shift
                pts.append((prev, lat))
            if len(pts) > 2 and abs(pts[-1][0] - pts[0][0]) > 180.0:
                pole = -90.0 if sum(p[1] for p in pts) < 0 else 90.0
                pts += [(pts[-1][0], pole), (pts[0][0], pole), pts[0]]
            if len(pts) >= 4:
                unwrapped.append(pts)
        if not unwrapped:
            continue
        outer = unwrapped[0]
        lo, hi = min(p[0] for p in outer), max(p[0] for p in outer)
        holes = []
        for h in unwrapped[1:]:
            dx = 360.0 if h[0][0] < lo else (-360.0 if h[0][0] > hi else 0.0)
            holes.append([(x + dx, y) for x, y in h])
        poly = Polygon(outer, holes)
        if not poly.is_valid:
            poly = make_valid(poly)
        parts = [g for g in getattr(poly, "geoms", [poly]) if isinstance(g, Polygon) and g.area > 0]
        for p in parts:
            out.append(p)
            if lo < -180.0 or hi > 180.0:
                dx = 360.0 if lo < -180.0 else -360.0
                out.append(transform(lambda x, y, dx=dx: (x + dx, y), p))
    return out


class Layer:
    """Polygons with an R-tree, queried in a local frame around a point: x east and y north in
    nautical miles, equirectangular about the point. Its east-west scale is exact at the point's
    latitude and off by tan(latitude) x the latitude difference elsewhere: 1% 20 nm north of 60 N.
    Clearances are measured in a frame about the point they are for."""

    def __init__(self, polygons, labels=None, names=None):
        self.polygons = polygons
        self.labels = labels or [None] * len(polygons)
        self.names = names or {}  # label -> name, for messages
        self.prepared = [prep(p) for p in polygons]
        self.index = {id(p): i for i, p in enumerate(polygons)}
        self.tree = STRtree(polygons)

    def _near(self, lat, lon, r_nm):
        dlat = r_nm / 60.0
        dlon = min(360.0, r_nm / 60.0 / max(math.cos(math.radians(min(abs(lat) + dlat, 89.9))), 1e-3))
        found = {}
        for shift in (0.0, 360.0, -360.0):
            b = box(lon + shift - dlon, max(-90.0, lat - dlat), lon + shift + dlon, min(90.0, lat + dlat))
            for g in self.tree.query(b):
                i = self.index[id(g)]
                if g.intersects(b):
                    found.setdefault((i, shift), b)
        return sorted(found.items())

    def local(self, lat, lon, r_nm):
        """The polygons within r_nm of the point, clipped and in the point's local frame."""
        c = math.cos(math.radians(lat))
        pieces = []
        for (i, shift), b in self._near(lat, lon, r_nm):
            piece = self.polygons[i].intersection(b)
            if piece.is_empty:
                continue
            pieces.append(transform(lambda x, y, s=shift: ((x - s - lon) * 60.0 * c, (y - lat) * 60.0), piece))
        return pieces

    def containing(self, lat, lon):
        """Labels of the polygons that hold the point, sorted."""
        found = set()
        for shift in (0.0, 360.0, -360.0):
            q = Point(lon + shift, lat)
            for g in self.tree.query(q):
                i = self.index[id(g)]
                if self.prepared[i].contains(q):
                    found.add(str(self.labels[i]))
        return sorted(found)

    def contains(self, lat, lon):
        return bool(self.containing(lat, lon))

    def distance_nm(self, lat, lon, r_nm):
        """Distance to the nearest polygon (0 inside one), or None when none is within r_nm."""
        pieces = self.local(lat, lon, r_nm)
        if not pieces:
            return None
        d = min(g.distance(Point(0.0, 0.0)) for g in pieces)
        return d if d <= r_nm else None


def great_circle_nm(a, b):
    la1, lo1, la2, lo2 = map(math.radians, (a[0], a[1], b[0], b[1]))
    h = math.sin((la2 - la1) / 2) ** 2 + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    return 2 * EARTH_RADIUS_NM * math.asin(min(1.0, math.sqrt(h)))


def read_layers():
    """(land, countries, everything): the land; a layer per ISO code (CHECK_FEATURES applied) and
    per PLACE_CHECK entry; and every country feature in one layer, labelled by its id (or its name
    where it has none)."""
    with open(LAND, encoding="utf-8") as f:
        land = Layer([p for feat in json.load(f)["features"] for p in unwrapped_polygons(feat["geometry"])])
    with open(COUNTRIES, encoding="utf-8") as f:
        features = json.load(f)["features"]
    by_feature = {}
    for feat in features:
        key = feat.get("id") or feat["properties"]["name"]
        by_feature.setdefault(key, []).extend(unwrapped_polygons(feat["geometry"]))
    layers = {}

    def layer(keys):
        name = "+".join(keys)
        if name not in layers:
            polys = [p for k in keys for p in by_feature.get(k, [])]
            if not polys:
                raise SystemExit(f"build_gazetteer: no polygon in {COUNTRIES} for {keys}")
            layers[name] = Layer(polys)
        return layers[name]

    countries = {code: layer(CHECK_FEATURES[code] if code in CHECK_FEATURES else [ISO_NUMERIC[code]])
                 for code in sorted(set(ISO_NUMERIC) | set(CHECK_FEATURES))}
    for name, keys in PLACE_CHECK.items():
        countries["place:" + name] = layer(keys)
    keys = sorted(by_feature)
    names = {feat.get("id") or feat["properties"]["name"]: feat["properties"]["name"] for feat in features}
    everything = Layer([p for k in keys for p in by_feature[k]], [k for k in keys for _ in by_feature[k]], names)
    return land, countries, everything


# ---- names ----------------------------------------------------------------------------------


def place_key(name):
    """scenario::place_key (sim/scenario/gazetteer.cpp): lower case, and each run of space, _, -,
    ., ' and , as one space."""
    out, gap = [], False
    for ch in name:
        if ch in " _-.',":
            gap = bool(out)
            continue
        if gap:
            out.append(" ")
        gap = False
        out.append(ch.lower())
    return "".join(out)


def clean_name(name):
    """Typographic apostrophes as ASCII ones, and the letter after one in lower case where the
    transcription title-cased it (Ra’S -> Ra's, Arkhangel’Sk -> Arkhangel'sk), except after a
    one-letter elision (Ile D'Ouessant). "Ra’S Tannurah" and "Ra's Tannurah" have different keys,
    and a user types the ASCII one."""
    out = []
    for i, ch in enumerate(name):
        if ch == "’":
            ch = "'"
        if i >= 2 and name[i - 1] in "’'" and ch.isupper():
            elision = i < 3 or not name[i - 3].isalpha()
            if not elision:
                ch = ch.lower()
        out.append(ch)
    return "".join(out)


def fmt_deg(v):
    return f"{0.0 if abs(v) < 5e-6 else v:.5f}"


def fmt_pos(lat, lon):
    return f"{fmt_deg(lat)} {fmt_deg(lon)}"


# ---- reading ------------------------------------------------------------------------------------


class Entry:
    """One line of Pub. 151's file, as read and as corrected."""

    def __init__(self, line, kind, name, country, lat, lon):
        self.line, self.kind = line, kind
        self.read_name, self.read_country = name, country
        self.read_lat, self.read_lon = lat, lon
        self.name, self.country_text = clean_name(name), COUNTRY_TEXT_FIXES.get(country, country)
        self.code = None


class Place:
    """One place: Pub. 151 entries that are the same place, and what became of them."""

    def __init__(self, entry):
        self.entries = [entry]
        self.lat, self.lon = entry.read_lat, entry.read_lon  # Pub. 151's position, once corrected
        self.notes = []        # for the source column
        self.dropped = None    # why, when dropped
        self.curated = None    # index of the curated place it is
        self.pos = None        # (lat, lon) at sea
        self.snap_nm = 0.0
        self.primary = entry  # the entry whose name and country text the place shows
        self.name = entry.name
        self.aliases = []

    @property
    def names(self):
        out = []
        for e in self.entries:
            if e.name not in out:
                out.append(e.name)
        return out

    def country_forms(self):
        """"Name, Country" for each entry, with its own country text (Pub. 151's table form), and
        with the text as transcribed where spaces were lost ("Noumea, Newcaledonia"): names
        copied from the transcription's tables resolve too."""
        out = []
        for e in self.entries:
            for text in (e.country_text, e.read_country):
                form = country_form(e.name, text)
                if form and form not in out:
                    out.append(form)
        return out

    @property
    def code(self):
        return self.primary.code

    @property
    def country_text(self):
        return self.primary.country_text

    @property
    def line(self):
        return self.entries[0].line

    @property
    def kind(self):
        junctions = [e for e in self.entries if e.kind != "port"]
        if not junctions:
            return "port"
        words = place_key(junctions[0].name).split()
        return "passage" if any(w in PASSAGE_WORDS for w in words) else "junction"

    def choose_name(self, tables):
        """The first name in file order, a junction's name before it (the name Pub. 151's routes
        use), and PRIMARY_NAME before both."""
        hand = tables.find("PRIMARY_NAME", self)
        junctions = [e for e in self.entries if e.kind != "port"]
        if hand:
            self.primary = next(e for e in self.entries if e.name == hand[0])
        else:
            self.primary = junctions[0] if junctions else self.entries[0]
        self.name = self.primary.name


class Log:
    """The rows of ports-corrections.tsv: (line, name as read, change, read, now, why)."""

    def __init__(self):
        self.rows = []

    def add(self, entry, change, read, now, why):
        self.rows.append((entry.line, entry.read_name, change, read, now, why))

    def add_all(self, place, change, read, now, why):
        for e in place.entries:
            self.add(e, change, read, now, why)


def read_pub151(log):
    entries = []
    with open(PUB151, encoding="utf-8", newline="") as f:
        for n, row in enumerate(csv.DictReader(f), start=2):
            e = Entry(n, row["kind"], row["name"], row["country"], float(row["lat_deg"]), float(row["lon_deg"]))
            if e.name != e.read_name:
                log.add(e, "name", e.read_name, e.name, "a typographic apostrophe and a title-case artefact")
            if e.country_text != e.read_country:
                log.add(e, "country text", e.read_country, e.country_text, "spaces lost in the transcription")
            entries.append(e)
    return entries


def read_curated():
    """(comment lines, rows of 7 fields) of data/gazetteer.tsv."""
    header, rows = [], []
    with open(CURATED, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if line.startswith("#"):
                header.append(line)
            elif line:
                fields = line.split("\t")
                if len(fields) != 7:
                    raise SystemExit(f"build_gazetteer: {CURATED}: expected 7 fields: {line}")
                rows.append(fields)
    return header, rows


# ---- countries and positions ------------------------------------------------------------------


def assign_countries(entries, countries, log):
    for e in entries:
        key = (e.name, e.country_text)
        if key in PLACE_COUNTRY:
            e.code, why = PLACE_COUNTRY[key]
            log.add(e, "country", e.country_text or "(none)", e.code, why)
        elif e.country_text in AMBIGUOUS_COUNTRY:
            options = AMBIGUOUS_COUNTRY[e.country_text]
            d = {c: country_distance_nm(countries, c, e.read_lat, e.read_lon) for c in options}
            e.code = min(options, key=lambda c: (1e9 if d[c] is None else d[c], c))
        elif e.country_text == "U.S.A." or e.country_text.endswith(", U.S.A."):
            e.code = "USA"
        elif e.country_text in PUB151_COUNTRY:
            e.code = PUB151_COUNTRY[e.country_text]
        else:
            raise SystemExit(f"build_gazetteer: {PUB151}:{e.line}: no ISO code for '{e.country_text}'")


def country_distance_nm(countries, code, lat, lon, r_nm=OFFSHORE_NM + 10.0, place=None):
    """Distance from the point to the country (0 inside it), or None when farther than r_nm."""
    if code == "-":
        return 0.0
    if place is not None and place in PLACE_CHECK:
        return countries["place:" + place].distance_nm(lat, lon, r_nm)
    if code in REFERENCE_POINTS:
        d = min(max(0.0, great_circle_nm((lat, lon), (a, b)) - r) for a, b, r in REFERENCE_POINTS[code])
        return d if d <= r_nm else None
    return countries[code].distance_nm(lat, lon, r_nm)


def own_features(code, place):
    if place in PLACE_CHECK:
        return set(PLACE_CHECK[place])
    if code in CHECK_FEATURES:
        return set(CHECK_FEATURES[code])
    return {ISO_NUMERIC[code]} if code in ISO_NUMERIC else set()


def merge_entries(entries, tables, log):
    """Places: entries at one position in one country, and a port with the junction of its name."""
    places, by_position = [], {}
    for e in entries:
        key = (e.read_lat, e.read_lon, e.code)
        if key in by_position:
            p = by_position[key]
            log.add(e, "merged", f"{e.name} ({e.kind})", f"{p.name} (line {p.line})", "the same position and country")
            p.entries.append(e)
        else:
            p = Place(e)
            by_position[key] = p
            places.append(p)
    ports = {}
    for p in places:
        if p.kind == "port":
            ports.setdefault((place_key(p.name), p.code), p)
    merged = []
    for p in places:
        q = ports.get((place_key(p.name), p.code))
        if p.kind != "port" and q is not None and q is not p:
            d = great_circle_nm((p.lat, p.lon), (q.lat, q.lon))
            if d <= MERGE_NM:
                for e in p.entries:
                    log.add(e, "merged", f"{e.name} ({e.kind})", f"{q.name} (line {q.line})",
                            f"the port of the junction's name, {d:.2f} nm away; the junction's position is kept")
                q.entries += p.entries
                q.lat, q.lon = p.lat, p.lon
                continue
        merged.append(p)
    for p in merged:
        p.choose_name(tables)
    return merged


class Tables:
    """The hand-made tables, each entry to be used once."""

    def __init__(self):
        self.unused = {(t, k) for t, table in TABLES.items() for k in table}

    def find(self, table, place):
        for n in place.names:
            if n in TABLES[table]:
                self.unused.discard((table, n))
                return n, TABLES[table][n]
        return None

    def check_all_used(self):
        if self.unused:
            raise SystemExit("build_gazetteer: table entries that match no suspect entry: "
                             + ", ".join(f"{t}[{k!r}]" for t, k in sorted(self.unused)))


TABLES = {"PRIMARY_NAME": PRIMARY_NAME, "REMOTE_ISLANDS": REMOTE_ISLANDS, "OFFSHORE": OFFSHORE,
          "SLIPS_BY_HAND": SLIPS_BY_HAND, "REJECTED_SLIPS": REJECTED_SLIPS, "DROPS_BY_HAND": DROPS_BY_HAND,
          "SAME_PLACE": SAME_PLACE, "NOT_SAME_PLACE": NOT_SAME_PLACE}


def check_positions(places, land, countries, everything, tables, log):
    for p in places:
        read = fmt_pos(p.lat, p.lon)
        hand = tables.find("DROPS_BY_HAND", p)
        if hand:
            p.dropped = f"{hand[1]}; not one slip from a position at the port"
            log.add_all(p, "dropped", read, "-", p.dropped)
            continue
        hand = tables.find("SLIPS_BY_HAND", p)
        if hand:
            lat, lon, why = hand[1]
            how = [h for h, a, b in candidates(p.lat, p.lon, minutes=True) if (a, b) == (lat, lon)]
            if not how:
                raise SystemExit(f"build_gazetteer: SLIPS_BY_HAND[{hand[0]!r}] is not one slip from {read}")
            apply_slip(p, lat, lon, how[0], why, log)
            continue
        hand = tables.find("REMOTE_ISLANDS", p)
        if hand:
            d = great_circle_nm((p.lat, p.lon), hand[1])
            if d > 15.0:
                raise SystemExit(f"build_gazetteer: {hand[0]} is {d:.0f} nm from its REMOTE_ISLANDS position")
            p.notes.append("an island Natural Earth 1:50m does not draw")
            continue
        dc = country_distance_nm(countries, p.code, p.lat, p.lon, place=p.name)
        # On land in another country, and not just across a border that 1:50m draws a few nm off
        # (Menton, Vila Real de Santo Antonio).
        inside = [k for k in everything.containing(p.lat, p.lon) if k not in own_features(p.code, p.name)]
        foreign = bool(inside) and p.code != "-" and (dc is None or dc > BESIDE_NM)
        if dc is not None and dc <= NEAR_COUNTRY_NM and not foreign:
            continue
        where = (f"more than {OFFSHORE_NM + 10:.0f} nm" if dc is None else f"{dc:.1f} nm") + f" from {p.code}"
        if foreign:
            where += ", on land in " + " and ".join(everything.names[k] for k in inside)
        offshore = tables.find("OFFSHORE", p)
        if (offshore or p.kind != "port") and dc is not None and dc <= OFFSHORE_NM and not foreign:
            p.notes.append(f"{dc:.0f} nm off the Natural Earth 1:50m coast" + (f" ({offshore[1]})" if offshore else ""))
            continue
        found = [(h, a, b) for h, a, b in candidates(p.lat, p.lon) if beside(land, countries, p, a, b)]
        rejected = tables.find("REJECTED_SLIPS", p)
        if len(found) == 1 and not rejected:
            how, lat, lon = found[0]
            apply_slip(p, lat, lon, how, f"the only slip that lands beside {p.code}; read {where}", log)
            continue
        if rejected:
            why = f"{where}; {rejected[1]}"
        elif found:
            why = f"{where}; {len(found)} slips land beside it: " + ", ".join(f"{fmt_pos(a, b)}" for _, a, b in found)
        else:
            why = f"{where}; no single slip lands beside it"
        p.dropped = why
        log.add_all(p, "dropped", read, "-", why)


def beside(land, countries, place, lat, lon):
    d = country_distance_nm(countries, place.code, lat, lon, BESIDE_NM + 1.0, place=place.name)
    if d is None or d > BESIDE_NM:
        return False
    at_sea = snap_to_water(land, lat, lon, BESIDE_NM)
    return at_sea is not None and great_circle_nm((lat, lon), at_sea) <= BESIDE_NM


def apply_slip(place, lat, lon, how, why, log):
    read = fmt_pos(place.lat, place.lon)
    if how == "latitude and longitude swapped":
        text = f"read {read} (latitude and longitude swapped)"
    else:
        coordinate, what = how.split(" ", 1)
        value = place.lat if coordinate == "latitude" else place.lon
        text = f"{coordinate} read {fmt_deg(value)} ({what})"
    place.notes.append("position corrected: " + text)
    log.add_all(place, "position", read, fmt_pos(lat, lon), f"{how}: {why}")
    place.lat, place.lon = lat, lon


# ---- transcription slips ----------------------------------------------------------------------


def to_dms(value):
    """(sign, degrees, minutes, seconds): Pub. 151 gives whole seconds."""
    sign = -1 if value < 0 else 1
    total = round(abs(value) * 3600)
    return sign, total // 3600, (total // 60) % 60, total % 60


def from_dms(sign, d, m, s):
    return sign * round(d + m / 60.0 + s / 3600.0, 5)


def digit_edits(text):
    """(how, text) one typing slip from text: a digit dropped, added, changed, two swapped."""
    out = []
    for i in range(len(text)):
        out.append(("dropped", text[:i] + text[i + 1:]))
        out += [("changed", text[:i] + d + text[i + 1:]) for d in "0123456789" if d != text[i]]
        if i + 1 < len(text) and text[i] != text[i + 1]:
            out.append(("swapped", text[:i] + text[i + 1] + text[i] + text[i + 2:]))
    out += [("added", text[:i] + d + text[i:]) for i in range(len(text) + 1) for d in "0123456789"]
    return out


def slips(value, limit, minutes):
    sign, d, m, s = to_dms(value)
    out = [("sign", -value)] if value != 0 else []
    for how, t in digit_edits(str(d)):
        if t and (len(t) == 1 or t[0] != "0"):
            out.append((f"a degrees digit {how}", from_dms(sign, int(t), m, s)))
    if minutes:
        for how, t in digit_edits(f"{m:02d}"):
            if how in ("changed", "swapped") and int(t) < 60:
                out.append((f"a minutes digit {how}", from_dms(sign, d, int(t), s)))
    return [(how, v) for how, v in out if abs(v) <= limit and v != value]


def candidates(lat, lon, minutes=False):
    """(how, lat, lon) one slip from the position, first occurrence of each. The digits of the
    minutes only with minutes=True: one of ~20 of them lands beside almost any coast."""
    out = [(f"latitude {how}", v, lon) for how, v in slips(lat, 90, minutes)]
    out += [(f"longitude {how}", lat, v) for how, v in slips(lon, 180, minutes)]
    if abs(lon) <= 90:
        out.append(("latitude and longitude swapped", lon, lat))
    seen, unique = set(), []
    for how, a, b in out:
        if (a, b) not in seen:
            seen.add((a, b))
            unique.append((how, a, b))
    return unique

# ---- open water -------------------------------------------------------------------------------


def snap_to_water(land, lat, lon, max_nm=MAX_SNAP_NM):
    """(lat, lon) of the nearest point of open water at least CLEARANCE_NM from land, rounded
    to 5 decimals, or None when there is none within max_nm. A point already there stays."""
    lat1, lon1 = _snap_once(land, lat, lon, max_nm)
    if lat1 is None:
        return None
    # The frame is exact near its centre only: a point found far from it is re-snapped in its
    # own frame, which moves it by about the frame's scale error there (Layer).
    for _ in range(3):
        if clearance_nm(land, lat1, lon1) >= CLEARANCE_NM:
            return lat1, lon1
        lat1, lon1 = _snap_once(land, lat1, lon1, 8.0)
        if lat1 is None:
            return None
    raise SystemExit(f"build_gazetteer: snapping ({lat}, {lon}) did not settle")


def clearance_nm(land, lat, lon):
    """Distance to land (0 on land), up to 4 nm."""
    if land.contains(lat, lon):
        return 0.0
    d = land.distance_nm(lat, lon, 4.0)
    return 4.0 if d is None else d


def _snap_once(land, lat, lon, max_nm):
    origin = Point(0.0, 0.0)
    r = 16.0
    while True:
        pieces = land.local(lat, lon, r + BUFFER_NM + 1.0)
        if not pieces:
            return lat, lon
        frame = box(-r, -r, r, r)
        water = frame.difference(unary_union(pieces).buffer(BUFFER_NM, 16))
        # Water that reaches the frame's edge is open; the rest is a pocket behind a passage
        # narrower than twice the clearance (or a lake).
        edge = frame.exterior
        parts = [g for g in getattr(water, "geoms", [water]) if isinstance(g, Polygon) and not g.is_empty]
        open_parts = [g for g in parts if g.distance(edge) < 1e-9]
        if open_parts:
            best = min(open_parts, key=lambda g: (g.distance(origin), g.bounds))
            d = best.distance(origin)
            if d == 0.0:
                return lat, lon
            if d <= r - BUFFER_NM - 1.0:
                q = nearest_points(best, origin)[0]
                c = math.cos(math.radians(lat))
                lat1 = round(lat + q.y / 60.0, 5)
                lon1 = round((lon + q.x / (60.0 * c) + 180.0) % 360.0 - 180.0, 5)
                if great_circle_nm((lat, lon), (lat1, lon1)) > max_nm:
                    return None, None
                return lat1, lon1
        if r > max_nm * 2:
            return None, None
        r *= 2


# ---- curated places and names -------------------------------------------------------------------


def match_curated(places, curated, tables):
    """Sets place.curated for the Pub. 151 places that are curated places."""
    keys = {}
    for i, row in enumerate(curated):
        for n in [row[0]] + [a for a in row[5].split(";") if a]:
            keys.setdefault(place_key(n), i)
    by_curated = {}
    for p in places:
        if p.dropped:
            continue
        found = {}
        not_same = tables.find("NOT_SAME_PLACE", p)
        same = tables.find("SAME_PLACE", p)
        for n in p.names:
            if not_same and n == not_same[0]:
                continue
            i = keys.get(place_key(n))
            if same and n == same[0]:
                i = keys[place_key(same[1])]
            if i is not None and curated[i][2] not in ("-", p.code):
                i = None  # another place of that name (Oranjestad, St. Eustatius)
            if i is not None:
                found[i] = found.get(i, False) or place_key(n) == place_key(curated[i][0])
        if len(found) > 1:
            raise SystemExit(f"build_gazetteer: line {p.line} {p.names} matches curated "
                             f"{[curated[i][0] for i in sorted(found)]}; decide in SAME_PLACE or NOT_SAME_PLACE")
        for i, by_name in found.items():
            by_curated.setdefault(i, []).append((p, by_name))
    for i, matches in sorted(by_curated.items()):
        by_name = [p for p, n in matches if n]
        if len(matches) > 1 and len(by_name) != 1:
            raise SystemExit(f"build_gazetteer: curated {curated[i][0]} matches lines "
                             f"{[p.line for p, _ in matches]}; decide in SAME_PLACE or NOT_SAME_PLACE")
        winner = by_name[0] if by_name else matches[0][0]
        winner.curated = i


def country_form(name, country_text):
    return f"{name}, {country_text}" if country_text else None


def collision_name(place):
    """"Name, Country" in Pub. 151's form; "Name (Pub. 151)" for a place without a country."""
    return country_form(place.name, place.country_text) or f"{place.name} (Pub. 151)"


def name_places(places, curated, log):
    """Names and aliases: a shared name becomes "Name, Country"; returns the aliases to add to each
    curated row."""
    taken = {place_key(n): ("reserved", n) for n in RESERVED_NAMES}  # key -> owner
    for i, row in enumerate(curated):
        for n in [row[0]] + [a for a in row[5].split(";") if a]:
            taken.setdefault(place_key(n), ("curated", i))
    new = [p for p in places if not p.dropped and p.curated is None]
    users = {}
    for j, p in enumerate(new):
        for n in p.names:
            users.setdefault(place_key(n), set()).add(j)
    extra = {i: [] for i in range(len(curated))}

    def claim(owner, name):
        k = place_key(name)
        if k in taken and taken[k] != owner:
            return False
        taken[k] = owner
        return True

    for p in places:  # curated matches first: they keep their names
        if p.dropped or p.curated is None:
            continue
        owner = ("curated", p.curated)
        for n in p.names + p.country_forms():
            if place_key(n) not in taken and claim(owner, n):
                extra[p.curated].append(n)
    for j, p in enumerate(new):
        owner = ("pub151", j)
        shared = place_key(p.name) in taken or len(users[place_key(p.name)]) > 1
        if shared:
            renamed = collision_name(p)
            if not claim(owner, renamed):
                raise SystemExit(f"build_gazetteer: line {p.line}: no free name for {p.name}")
            reserved = RESERVED_NAMES.get(p.name)
            why = ("reserved: " + reserved) if reserved else "a name another place has"
            for e in p.entries:
                if e.name == p.name:
                    log.add(e, "renamed", p.name, renamed,
                            why + ("; Pub. 151's Name, Country form" if p.country_text else "; it has no country"))
            p.name = renamed
        else:
            claim(owner, p.name)
    for j, p in enumerate(new):
        owner = ("pub151", j)
        aliases, keys = [], {place_key(p.name)}
        for a in p.names + p.country_forms():
            k = place_key(a)
            if k not in keys and len(users.get(k, ())) <= 1 and claim(owner, a):
                aliases.append(a)
                keys.add(k)
        p.aliases = aliases
    return extra


# ---- building ---------------------------------------------------------------------------------


def snap_places(places, land, log):
    for p in places:
        if p.dropped or p.curated is not None:
            continue
        at_sea = snap_to_water(land, p.lat, p.lon, MAX_SNAP_NM)
        if at_sea is None:
            p.dropped = f"no open water within {MAX_SNAP_NM:.0f} nm of it on Natural Earth 1:50m land"
            log.add_all(p, "dropped", fmt_pos(p.lat, p.lon), "-", p.dropped)
            continue
        p.pos = at_sea
        p.snap_nm = great_circle_nm((p.lat, p.lon), at_sea)


def build():
    log = Log()
    tables = Tables()
    land, countries, everything = read_layers()
    header, curated = read_curated()
    entries = read_pub151(log)
    assign_countries(entries, countries, log)
    places = merge_entries(entries, tables, log)
    check_positions(places, land, countries, everything, tables, log)
    match_curated(places, curated, tables)
    snap_places(places, land, log)
    extra = name_places(places, curated, log)
    tables.check_all_used()
    return header, curated, places, extra, log, (land, countries)


def render_places(curated, places, extra):
    out = io.StringIO()
    out.write("# The built-in gazetteer, generated by tools/build_gazetteer.py from gazetteer.tsv (the curated\n"
              "# places, first and unchanged but for added aliases) and pub151/pub151_places.csv; edit those\n"
              "# or the tool's tables, then run it. Columns after the first seven: NGA Pub. 151's own position,\n"
              "# the great-circle distance from it to lat/lon (nm), and Pub. 151's country as it reads.\n")
    out.write("# name\tkind\tcountry\tlat\tlon\taliases (;)\tsource\tpub151_lat\tpub151_lon\tsnap_nm\tpub151_country\n")
    by_curated = {p.curated: p for p in places if p.curated is not None and not p.dropped}
    for i, row in enumerate(curated):
        aliases = [a for a in row[5].split(";") if a] + extra[i]
        p = by_curated.get(i)
        tail = ["", "", "", ""]
        if p is not None:
            d = great_circle_nm((p.lat, p.lon), (float(row[3]), float(row[4])))
            tail = [fmt_deg(p.lat), fmt_deg(p.lon), f"{d:.2f}", p.country_text]
        out.write("\t".join(row[:5] + [";".join(aliases), row[6]] + tail) + "\n")
    for p in places:
        if p.dropped or p.curated is not None:
            continue
        source = "; ".join([SOURCE] + p.notes)
        out.write("\t".join([p.name, p.kind, p.code, fmt_deg(p.pos[0]), fmt_deg(p.pos[1]), ";".join(p.aliases),
                             source, fmt_deg(p.lat), fmt_deg(p.lon), f"{p.snap_nm:.2f}", p.country_text]) + "\n")
    return out.getvalue()


def render_corrections(log):
    out = io.StringIO()
    out.write("# Pub. 151 entries (data/pub151/pub151_places.csv, by line) that tools/build_gazetteer.py\n"
              "# corrected, merged, renamed or dropped: what the line reads, what it now reads, and why.\n")
    out.write("# line\tname\tchange\tread\tnow\twhy\n")
    order = ["name", "country text", "country", "merged", "position", "dropped", "renamed"]
    for row in sorted(log.rows, key=lambda r: (r[0], order.index(r[2]))):
        out.write("\t".join(str(x) for x in row) + "\n")
    return out.getvalue()


def summary(curated, places, log):
    kept = [p for p in places if not p.dropped]
    new = [p for p in kept if p.curated is None]
    moved = sorted(p.snap_nm for p in new if p.pos != (p.lat, p.lon))
    lines = sorted({r[0] for r in log.rows if r[2] == "position"})
    dropped = sorted({r[0] for r in log.rows if r[2] == "dropped"})
    return (f"{len(curated)} curated places; Pub. 151: {sum(len(p.entries) for p in places)} entries as "
            f"{len(places)} places, {len(kept) - len(new)} of them curated ones, {len(new)} added; "
            f"{len(lines)} entries corrected, {len(dropped)} dropped; {len(moved)} added places moved to open "
            f"water, median {statistics.median(moved):.2f} nm, max {max(moved):.1f} nm")


def review(places, land, countries):
    """Ports far inland that no table decides: river ports, or slips within their own country."""
    out = []
    for p in places:
        if p.dropped or p.curated is not None or p.snap_nm < REVIEW_SNAP_NM or p.notes:
            continue
        found = [(h, a, b) for h, a, b in candidates(p.lat, p.lon, minutes=True) if beside(land, countries, p, a, b)]
        out.append(f"{p.line:5} {p.name:32} {p.code} {fmt_pos(p.lat, p.lon)} snap {p.snap_nm:6.1f} nm; "
                   f"slips beside {p.code}: " + (", ".join(f"{h} {fmt_pos(a, b)}" for h, a, b in found) or "none"))
    return out


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="exit 1 when a committed file is stale")
    parser.add_argument("--review", action="store_true", help="list ports far inland, for a look by hand")
    args = parser.parse_args()
    header, curated, places, extra, log, layers = build()
    outputs = {OUT_PLACES: render_places(curated, places, extra), OUT_CORRECTIONS: render_corrections(log)}
    print(summary(curated, places, log), file=sys.stderr)
    if args.review:
        for line in review(places, *layers):
            print(line, file=sys.stderr)
    stale = []
    for path, text in outputs.items():
        try:
            with open(path, encoding="utf-8") as f:
                old = f.read()
        except FileNotFoundError:
            old = None
        if old == text:
            continue
        if args.check:
            old_lines = (old or "").splitlines()
            new_lines = text.splitlines()
            n = next((i for i, (a, b) in enumerate(zip(old_lines, new_lines)) if a != b), min(len(old_lines), len(new_lines)))
            stale.append(f"{os.path.relpath(path, ROOT)}:{n + 1}: committed {old_lines[n] if n < len(old_lines) else '(end)'!r}, "
                         f"the tool writes {new_lines[n] if n < len(new_lines) else '(end)'!r}")
        else:
            with open(path, "w", encoding="utf-8") as f:
                f.write(text)
            print(f"wrote {os.path.relpath(path, ROOT)}", file=sys.stderr)
    if stale:
        print("build_gazetteer: stale (run tools/build_gazetteer.py and commit):\n  " + "\n  ".join(stale), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
