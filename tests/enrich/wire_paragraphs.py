"""Wire paragraphs annotated by hand (issue 12): every place each one names, the common words that are no place,
and the country each story is about. Original text, written for this set in AP/Reuters/AFP/CP/PTI style.

Conventions of the annotation:
- ``text`` is the surface as it appears; the first case-sensitive, whole-word occurrence unless ``occurrence``
  says otherwise (so "SPRINGFIELD" in a dateline and "Springfield" in the body are different surfaces).
- ``country`` is the ISO 3166-1 alpha-2 code of the country that administers the place today. For a disputed
  place it is the de-facto administrator when that is a country with an ISO code (Sevastopol: RU), otherwise the
  recognised sovereign (Sukhumi: GE; the breakaway authority has no code). Territories with their own code
  keep it (Taipei: TW, Pristina: XK, Stanley: FK).
- ``disputed`` lists every party by ISO code: the recognised sovereign, the administrator, and any state that
  claims the place or recognises a rival authority over it (Abkhazia: GE and RU; Northern Cyprus: CY and TR;
  the Falklands: GB and AR). Places inside a disputed territory share its dispute (Ramallah: PS and IL).
  Transnistria is claimed by Moldova alone and its authority is recognised by no state, so it carries no
  ``disputed`` set. An ``area`` that is disputed is judged right with any claimant's country.
- ``lat``/``lon`` are real coordinates to two decimals. Countries and first-level divisions (US states,
  provinces, Indian and Nigerian states, Italian regions...) are ``area=True``, given at their capital, and
  judged by country. Counties, districts, islands and peninsulas are points (their seat or middle).
- Demonyms ("Ukrainian"), compounds ("Pakistan-administered"), places inside organisations' names, roads,
  seas and continents are not annotated: a prediction there is neither right nor wrong (the benchmark lists it
  as unannotated). Streets named in ``not_places`` ("Dundas Street") count against a prediction: a street is
  not the town it is named after.
- ``focus`` is the country the story is filed from when it has a dateline (the dateline wins), otherwise the
  country it is about.
"""

from __future__ import annotations

from tests.enrich.wire_scoring import Expected, Paragraph

UA_RU = frozenset({"UA", "RU"})
GE_RU = frozenset({"GE", "RU"})
CY_TR = frozenset({"CY", "TR"})
XK_RS = frozenset({"XK", "RS"})
MA_EH = frozenset({"MA", "EH"})
IN_PK = frozenset({"IN", "PK"})
KASHMIR = frozenset({"IN", "PK", "CN"})
IN_CN = frozenset({"IN", "CN"})
TW_CN = frozenset({"TW", "CN"})
IL_SY = frozenset({"IL", "SY"})
PS_IL = frozenset({"PS", "IL"})
GB_AR = frozenset({"GB", "AR"})
RU_JP = frozenset({"RU", "JP"})
SPRATLY = frozenset({"CN", "TW", "VN", "PH", "MY", "BN"})
SD_SS = frozenset({"SD", "SS"})

PARAGRAPHS: list[Paragraph] = [
    # --- Same-name places told apart by a qualifier or by the dateline ---------------------------------------
    Paragraph(
        "springfield-il",
        "SPRINGFIELD, Ill. (AP) — Illinois lawmakers sent the governor a $53 billion budget on Friday, hours "
        "before the spring session ended at the Capitol. In Springfield, Massachusetts, where a fight over "
        "school funding has dragged on for months, city councilors said they were watching the vote closely.",
        [Expected("SPRINGFIELD", "US", 39.80, -89.65),
         Expected("Ill.", "US", 39.80, -89.65, area=True),
         Expected("Illinois", "US", 39.80, -89.65, area=True),
         Expected("Springfield", "US", 42.10, -72.59),
         Expected("Massachusetts", "US", 42.36, -71.06, area=True)],
        focus="US"),
    Paragraph(
        "portland-or",
        "PORTLAND, Ore. (AP) — A winter storm dumped more than a foot of snow on Portland and closed stretches "
        "of Interstate 84 through the Columbia River Gorge, the state transportation department said. On the "
        "other side of the country, forecasters in Portland, Maine, warned of a nor'easter due by Thursday.",
        [Expected("PORTLAND", "US", 45.52, -122.68),
         Expected("Ore.", "US", 44.94, -123.03, area=True),
         Expected("Portland", "US", 45.52, -122.68),
         Expected("Columbia River Gorge", "US", 45.65, -121.90),
         Expected("Portland", "US", 43.66, -70.26, occurrence=2),
         Expected("Maine", "US", 44.31, -69.78, area=True)],
        focus="US"),
    Paragraph(
        "cambridge-ma",
        "CAMBRIDGE, Mass. (AP) — Scientists at a biotech startup in Cambridge said Monday they had licensed a "
        "gene-editing tool developed by researchers in Cambridge, England, and would open a lab in Oxford next "
        "year. The company's founder, who grew up in Worcester, said the deal took two years to negotiate.",
        [Expected("CAMBRIDGE", "US", 42.37, -71.11),
         Expected("Mass.", "US", 42.36, -71.06, area=True),
         Expected("Cambridge", "US", 42.37, -71.11),
         Expected("Cambridge", "GB", 52.21, 0.12, occurrence=2),
         Expected("England", "GB", 51.51, -0.13, area=True),
         Expected("Oxford", "GB", 51.75, -1.26),
         Expected("Worcester", "US", 42.26, -71.80)],
        focus="US"),
    Paragraph(
        "paris-tx",
        "PARIS, Texas (AP) — A tornado tore through the northeast Texas town of Paris late Saturday, ripping "
        "roofs off homes and a church, the Lamar County sheriff said. No deaths were reported. The storm "
        "system, which also spawned tornadoes near Sherman and Tyler, moved east into Arkansas overnight.",
        [Expected("PARIS", "US", 33.66, -95.56),
         Expected("Texas", "US", 30.27, -97.74, area=True),
         Expected("Texas", "US", 30.27, -97.74, area=True, occurrence=2),
         Expected("Paris", "US", 33.66, -95.56),
         Expected("Lamar County", "US", 33.67, -95.57),
         Expected("Sherman", "US", 33.64, -96.61),
         Expected("Tyler", "US", 32.35, -95.30),
         Expected("Arkansas", "US", 34.75, -92.29, area=True)],
        focus="US"),
    Paragraph(
        "vienna-va",
        "VIENNA, Va. (AP) — Fairfax County police said Thursday a man was arrested after a shooting outside a "
        "shopping center in Vienna, a suburb about 15 miles west of Washington. The victim was taken to a "
        "hospital in Falls Church and was in stable condition.",
        [Expected("VIENNA", "US", 38.90, -77.27),
         Expected("Va.", "US", 37.54, -77.44, area=True),
         Expected("Fairfax County", "US", 38.84, -77.28),
         Expected("Vienna", "US", 38.90, -77.27),
         Expected("Washington", "US", 38.90, -77.04),
         Expected("Falls Church", "US", 38.88, -77.17)],
        focus="US"),
    Paragraph(
        "vienna-at",
        "VIENNA (Reuters) - OPEC and its allies agreed on Sunday to extend their oil output cuts until the end "
        "of next year, delegates said after a meeting in Vienna. Saudi Arabia and Russia will keep their "
        "additional voluntary cuts in place through June.",
        [Expected("VIENNA", "AT", 48.21, 16.37),
         Expected("Vienna", "AT", 48.21, 16.37),
         Expected("Saudi Arabia", "SA", 24.69, 46.72, area=True),
         Expected("Russia", "RU", 55.76, 37.62, area=True)],
        focus="AT"),
    Paragraph(
        "kinshasa-ebola",
        "KINSHASA, Congo (AP) — Congo's health ministry declared a new Ebola outbreak in Équateur province on "
        "Monday after two deaths in Bikoro, a town on Lake Tumba about 100 kilometers south of the provincial "
        "capital, Mbandaka. Across the river, the Republic of Congo said it had stepped up screening in "
        "Brazzaville.",
        [Expected("KINSHASA", "CD", -4.32, 15.31),
         Expected("Congo", "CD", -4.32, 15.31, area=True),
         Expected("Congo", "CD", -4.32, 15.31, area=True, occurrence=2),
         Expected("Équateur", "CD", 0.05, 18.26, area=True),
         Expected("Bikoro", "CD", -0.75, 18.12),
         Expected("Lake Tumba", "CD", -0.80, 17.95),
         Expected("Mbandaka", "CD", 0.05, 18.26),
         Expected("Republic of Congo", "CG", -4.27, 15.28, area=True),
         Expected("Brazzaville", "CG", -4.27, 15.28)],
        not_places=["Ebola"],
        focus="CD"),
    Paragraph(
        "reading-berkshire",
        "READING, England (AP) — Police in Berkshire said Tuesday they had charged a 19-year-old man over a "
        "stabbing in a park in Reading that left three people dead. The force, which also covers Oxfordshire "
        "and Buckinghamshire, said extra officers would patrol Reading and Slough over the weekend.",
        [Expected("READING", "GB", 51.45, -0.97),
         Expected("England", "GB", 51.51, -0.13, area=True),
         Expected("Berkshire", "GB", 51.45, -1.10),
         Expected("Reading", "GB", 51.45, -0.97),
         Expected("Oxfordshire", "GB", 51.75, -1.30),
         Expected("Buckinghamshire", "GB", 51.80, -0.80),
         Expected("Reading", "GB", 51.45, -0.97, occurrence=2),
         Expected("Slough", "GB", 51.51, -0.59)],
        focus="GB"),
    Paragraph(
        "london-ont",
        "LONDON, Ont. — Police closed Dundas Street in downtown London on Saturday after a gas leak forced the "
        "evacuation of several apartment buildings. Residents were sent to a community centre in nearby "
        "St. Thomas, and some went to stay with relatives in Toronto.",
        [Expected("LONDON", "CA", 42.98, -81.25),
         Expected("Ont.", "CA", 43.65, -79.38, area=True),
         Expected("London", "CA", 42.98, -81.25),
         Expected("St. Thomas", "CA", 42.78, -81.19),
         Expected("Toronto", "CA", 43.65, -79.38)],
        not_places=["Dundas Street"],
        focus="CA"),
    Paragraph(
        "perth-scotland",
        "PERTH, Scotland (Reuters) - A Scotch whisky distiller will cut 120 jobs at its bottling plant near "
        "Perth, the company said on Wednesday, blaming U.S. tariffs. The firm, which also bottles in Dundee "
        "and ships much of its output to Perth, Australia, said Edinburgh had offered no help.",
        [Expected("PERTH", "GB", 56.40, -3.43),
         Expected("Scotland", "GB", 55.95, -3.19, area=True),
         Expected("Perth", "GB", 56.40, -3.43),
         Expected("U.S.", "US", 38.90, -77.04, area=True),
         Expected("Dundee", "GB", 56.46, -2.97),
         Expected("Perth", "AU", -31.95, 115.86, occurrence=2),
         Expected("Australia", "AU", -35.28, 149.13, area=True),
         Expected("Edinburgh", "GB", 55.95, -3.19)],
        focus="GB"),
    Paragraph(
        "hyderabad-in",
        "HYDERABAD, India (Reuters) - Foxconn will build a $500 million plant outside Hyderabad, the capital "
        "of Telangana state, the state government said on Thursday, adding to the Taiwanese company's "
        "factories in Chennai and Bengaluru. "
        "The plant is expected to employ 25,000 people when it opens in 2026.",
        [Expected("HYDERABAD", "IN", 17.39, 78.49),
         Expected("India", "IN", 28.61, 77.21, area=True),
         Expected("Hyderabad", "IN", 17.39, 78.49),
         Expected("Telangana", "IN", 17.39, 78.49, area=True),
         Expected("Chennai", "IN", 13.08, 80.27),
         Expected("Bengaluru", "IN", 12.97, 77.59)],
        focus="IN"),
    Paragraph(
        "karachi-heat",
        "KARACHI, Pakistan (Reuters) - Temperatures reached 52 degrees Celsius in Jacobabad on Sunday as a "
        "heat wave gripped Sindh province, and hospitals in Karachi and Hyderabad treated hundreds of people "
        "for heatstroke. Power cuts of up to 12 hours a day were reported in Larkana.",
        [Expected("KARACHI", "PK", 24.86, 67.01),
         Expected("Pakistan", "PK", 33.69, 73.06, area=True),
         Expected("Jacobabad", "PK", 28.28, 68.44),
         Expected("Sindh", "PK", 24.86, 67.01, area=True),
         Expected("Karachi", "PK", 24.86, 67.01),
         Expected("Hyderabad", "PK", 25.40, 68.37),
         Expected("Larkana", "PK", 27.56, 68.21)],
        focus="PK"),
    Paragraph(
        "lahore-smog",
        "LAHORE, Pakistan (AP) — Authorities in Pakistan's Punjab province closed schools in Lahore, Faisalabad "
        "and Multan for a week on Monday as toxic smog blanketed the region. Officials blamed crop burning "
        "across the border in India's Punjab, where the air in Amritsar was also rated hazardous.",
        [Expected("LAHORE", "PK", 31.55, 74.34),
         Expected("Pakistan", "PK", 33.69, 73.06, area=True),
         Expected("Pakistan", "PK", 33.69, 73.06, area=True, occurrence=2),
         Expected("Punjab", "PK", 31.55, 74.34, area=True),
         Expected("Lahore", "PK", 31.55, 74.34),
         Expected("Faisalabad", "PK", 31.42, 73.08),
         Expected("Multan", "PK", 30.20, 71.47),
         Expected("India", "IN", 28.61, 77.21, area=True),
         Expected("Punjab", "IN", 30.73, 76.78, area=True, occurrence=2),
         Expected("Amritsar", "IN", 31.63, 74.87)],
        focus="PK"),
    Paragraph(
        "caracas-valencia",
        "CARACAS, Venezuela (Reuters) - Blackouts hit Maracaibo and much of Zulia state for a third day on "
        "Tuesday, and rationing was extended to Valencia, the country's third-largest city, the electricity "
        "ministry said. "
        "Officials blamed sabotage; engineers blamed years of neglect.",
        [Expected("CARACAS", "VE", 10.48, -66.90),
         Expected("Venezuela", "VE", 10.48, -66.90, area=True),
         Expected("Maracaibo", "VE", 10.65, -71.64),
         Expected("Zulia", "VE", 10.65, -71.64, area=True),
         Expected("Valencia", "VE", 10.16, -68.00)],
        focus="VE"),
    Paragraph(
        "valencia-es",
        "VALENCIA, Spain (AP) — Volunteers with shovels cleared mud from the streets of Paiporta on Sunday, "
        "five days after flash floods killed more than 200 people in the region. Valencia's regional leader "
        "asked Madrid for more soldiers, and Andalusia sent fire crews.",
        [Expected("VALENCIA", "ES", 39.47, -0.38),
         Expected("Spain", "ES", 40.42, -3.70, area=True),
         Expected("Paiporta", "ES", 39.43, -0.42),
         Expected("Valencia", "ES", 39.47, -0.38),
         Expected("Madrid", "ES", 40.42, -3.70),
         Expected("Andalusia", "ES", 37.39, -5.98, area=True)],
        focus="ES"),
    Paragraph(
        "alexandria-va",
        "ALEXANDRIA, Va. (AP) — A federal jury in Alexandria on Friday convicted a former State Department "
        "contractor of passing secrets to intelligence officers in Beijing. The man, who lived in Arlington, "
        "faces up to life in prison.",
        [Expected("ALEXANDRIA", "US", 38.80, -77.05),
         Expected("Va.", "US", 37.54, -77.44, area=True),
         Expected("Alexandria", "US", 38.80, -77.05),
         Expected("Beijing", "CN", 39.90, 116.41),
         Expected("Arlington", "US", 38.88, -77.10)],
        focus="US"),
    Paragraph(
        "cairo-canal",
        "CAIRO (AP) — Egypt's Suez Canal revenue fell by half last year as attacks on shipping diverted "
        "vessels around Africa, the canal authority said Sunday. Tourism held up better, with record numbers "
        "of visitors to Alexandria, Aswan and the resorts of the Sinai.",
        [Expected("CAIRO", "EG", 30.04, 31.24),
         Expected("Egypt", "EG", 30.04, 31.24, area=True),
         Expected("Suez Canal", "EG", 30.50, 32.35),
         Expected("Alexandria", "EG", 31.20, 29.92),
         Expected("Aswan", "EG", 24.09, 32.90),
         Expected("Sinai", "EG", 29.50, 33.80)],
        focus="EG"),
    Paragraph(
        "moscow-idaho",
        "MOSCOW, Idaho (AP) — The university canceled classes Monday after a fire destroyed a dormitory, Moscow "
        "police said. Students were moved to hotels in Pullman, Washington, eight miles to the west.",
        [Expected("MOSCOW", "US", 46.73, -117.00),
         Expected("Idaho", "US", 43.62, -116.20, area=True),
         Expected("Moscow", "US", 46.73, -117.00),
         Expected("Pullman", "US", 46.73, -117.18),
         Expected("Washington", "US", 47.04, -122.90, area=True)],
        focus="US"),
    Paragraph(
        "tbilisi-rally",
        "Tens of thousands of people rallied in Tbilisi on Sunday against a law that critics say copies "
        "Russia's \"foreign agents\" legislation, and Georgia's president vowed to veto it. "
        "Police used water cannon to clear the crowd outside parliament late in the evening.",
        [Expected("Tbilisi", "GE", 41.72, 44.79),
         Expected("Russia", "RU", 55.76, 37.62, area=True),
         Expected("Georgia", "GE", 41.72, 44.79, area=True)],
        focus="GE"),
    Paragraph(
        "atlanta-storms",
        "ATLANTA (AP) — Storms knocked out power to more than 200,000 homes across Georgia on Tuesday, with the "
        "worst damage in Augusta, Macon, Columbus and Savannah, the utility said. Crews from Alabama and South "
        "Carolina were on their way.",
        [Expected("ATLANTA", "US", 33.75, -84.39),
         Expected("Georgia", "US", 33.75, -84.39, area=True),
         Expected("Augusta", "US", 33.47, -81.97),
         Expected("Macon", "US", 32.84, -83.63),
         Expected("Columbus", "US", 32.46, -84.99),
         Expected("Savannah", "US", 32.08, -81.09),
         Expected("Alabama", "US", 32.37, -86.30, area=True),
         Expected("South Carolina", "US", 34.00, -81.03, area=True)],
        focus="US"),
    Paragraph(
        "durham-gala",
        "Thousands of miners' families marched through Durham on Saturday for the annual gala, with brass "
        "bands from Sunderland, Newcastle and former pit villages across the north of England. "
        "Organisers said it was the largest turnout in a decade.",
        [Expected("Durham", "GB", 54.78, -1.57),
         Expected("Sunderland", "GB", 54.91, -1.38),
         Expected("Newcastle", "GB", 54.98, -1.61),
         Expected("England", "GB", 51.51, -0.13, area=True)],
        focus="GB"),
    # --- Common words that are no place ------------------------------------------------------------------
    Paragraph(
        "chicago-turkey",
        "CHICAGO (AP) — Turkey prices rose ahead of Thanksgiving for the third year in a row, a farm group said "
        "Wednesday. Shoppers at a grocery on Main Street in suburban Evanston paid nearly $2 a pound for a "
        "frozen bird, and chile peppers and cranberries cost more too. Grocers in Cook County said demand for "
        "turkey breast was up.",
        [Expected("CHICAGO", "US", 41.88, -87.63),
         Expected("Evanston", "US", 42.05, -87.69),
         Expected("Cook County", "US", 41.84, -87.82)],
        not_places=["Turkey", "Main Street", "chile", "turkey"],
        focus="US"),
    Paragraph(
        "madison-jersey",
        "MADISON, Wis. (AP) — Jersey cows have overtaken Holsteins on a growing number of Wisconsin dairy farms, "
        "where farmers say the smaller breed turns feed into richer milk. At a farm outside Green Bay, one "
        "owner said his herd of 400 Jerseys earns a premium from a cheesemaker in Sheboygan County.",
        [Expected("MADISON", "US", 43.07, -89.40),
         Expected("Wis.", "US", 43.07, -89.40, area=True),
         Expected("Wisconsin", "US", 43.07, -89.40, area=True),
         Expected("Green Bay", "US", 44.51, -88.01),
         Expected("Sheboygan County", "US", 43.73, -87.95)],
        not_places=["Jersey", "Holsteins", "Jerseys"],
        focus="US"),
    Paragraph(
        "seattle-java",
        "SEATTLE (Reuters) - Mobile phones now account for most of the traffic on the company's shopping site, "
        "and Java developers are in short supply, the chief executive said on Tuesday. The retailer plans to "
        "hire 2,000 engineers in Seattle, Austin, Texas, and Vancouver, British Columbia, over the next year.",
        [Expected("SEATTLE", "US", 47.61, -122.33),
         Expected("Seattle", "US", 47.61, -122.33),
         Expected("Austin", "US", 30.27, -97.74),
         Expected("Texas", "US", 30.27, -97.74, area=True),
         Expected("Vancouver", "CA", 49.28, -123.12),
         Expected("British Columbia", "CA", 48.43, -123.37, area=True)],
        not_places=["Mobile", "Java"],
        focus="US"),
    Paragraph(
        "melbourne-cabinet",
        "MELBOURNE, Australia (AP) — A China cabinet that once belonged to Australia's first prime minister "
        "sold for 120,000 Australian dollars at an auction in Melbourne on Saturday. The buyer, a collector "
        "from Perth, also took home a set of dinner plates.",
        [Expected("MELBOURNE", "AU", -37.81, 144.96),
         Expected("Australia", "AU", -35.28, 149.13, area=True),
         Expected("Australia", "AU", -35.28, 149.13, area=True, occurrence=2),
         Expected("Melbourne", "AU", -37.81, 144.96),
         Expected("Perth", "AU", -31.95, 115.86)],
        not_places=["China"],
        focus="AU"),
    Paragraph(
        "washington-bath-salts",
        "WASHINGTON (AP) — Bath salts, the synthetic stimulants blamed for a wave of overdoses a decade ago, "
        "are back in emergency rooms in Ohio and Kentucky, federal health officials said Friday. Doctors at "
        "one hospital in Louisville reported 30 cases in a single week.",
        [Expected("WASHINGTON", "US", 38.90, -77.04),
         Expected("Ohio", "US", 39.96, -83.00, area=True),
         Expected("Kentucky", "US", 38.20, -84.87, area=True),
         Expected("Louisville", "US", 38.25, -85.76)],
        not_places=["Bath"],
        focus="US"),
    Paragraph(
        "london-nice-weather",
        "LONDON (Reuters) - Nice weather over the Easter weekend drew record crowds to beaches in Cornwall and "
        "Devon, and sales of Wellington boots slumped, retailers said on Tuesday. Traffic queued for miles "
        "on the motorway near Exeter.",
        [Expected("LONDON", "GB", 51.51, -0.13),
         Expected("Cornwall", "GB", 50.40, -4.90),
         Expected("Devon", "GB", 50.70, -3.80),
         Expected("Exeter", "GB", 50.72, -3.53)],
        not_places=["Nice", "Wellington", "Easter"],
        focus="GB"),
    Paragraph(
        "ottawa-reading",
        "OTTAWA — Reading glasses, hearing aids and dental care for seniors will be covered under an expanded "
        "federal program, the health minister said Thursday. Provinces including Quebec and Alberta have not "
        "yet signed on.",
        [Expected("OTTAWA", "CA", 45.42, -75.70),
         Expected("Quebec", "CA", 46.81, -71.21, area=True),
         Expected("Alberta", "CA", 53.55, -113.49, area=True)],
        not_places=["Reading"],
        focus="CA"),
    Paragraph(
        "lakeland-orange",
        "LAKELAND, Fla. (AP) — Orange juice futures hit a record high on Tuesday as Florida growers braced for "
        "their smallest harvest in nearly a century. In Polk County, the heart of the state's citrus belt, "
        "groves battered by Hurricane Milton are still being cleared, grower Chad Williams said from his farm "
        "near Winter Haven.",
        [Expected("LAKELAND", "US", 28.04, -81.95),
         Expected("Fla.", "US", 30.44, -84.28, area=True),
         Expected("Florida", "US", 30.44, -84.28, area=True),
         Expected("Polk County", "US", 27.95, -81.70),
         Expected("Winter Haven", "US", 28.02, -81.73)],
        not_places=["Orange", "Hurricane", "Milton", "Chad"],
        focus="US"),
    Paragraph(
        "new-york-buffalo-wings",
        "NEW YORK (AP) — Buffalo wings are getting cheaper. Wholesale chicken wing prices fell 20% from a year "
        "ago ahead of the Super Bowl, a trade group said Monday, good news for sports bars from Manhattan to "
        "Los Angeles. A Denver omelet, by contrast, costs more because of egg prices.",
        [Expected("NEW YORK", "US", 40.71, -74.01),
         Expected("Manhattan", "US", 40.78, -73.97),
         Expected("Los Angeles", "US", 34.05, -118.24)],
        not_places=["Buffalo", "Denver"],
        focus="US"),
    Paragraph(
        "montreal-groceries",
        "MONTREAL — Brussels sprouts, Lima beans and Brazil nuts were among the holiday staples that cost more "
        "this December, the national statistics agency said Tuesday, as grocery inflation in Montreal and "
        "Quebec City outpaced the national rate. Cayenne pepper, by contrast, fell 8 per cent.",
        [Expected("MONTREAL", "CA", 45.50, -73.57),
         Expected("Montreal", "CA", 45.50, -73.57),
         Expected("Quebec City", "CA", 46.81, -71.21)],
        not_places=["Brussels", "Lima", "Brazil", "Cayenne"],
        focus="CA"),
    Paragraph(
        "new-orleans-tabasco",
        "NEW ORLEANS (AP) — The maker of Tabasco sauce said Monday it would double the size of its plant on "
        "Avery Island, Louisiana, where the pepper sauce has been made since 1868. Bermuda shorts and "
        "Panama hats were handed out to workers at the announcement near Lafayette.",
        [Expected("NEW ORLEANS", "US", 29.95, -90.07),
         Expected("Avery Island", "US", 29.90, -91.91),
         Expected("Louisiana", "US", 30.45, -91.19, area=True),
         Expected("Lafayette", "US", 30.22, -92.02)],
        not_places=["Tabasco", "Bermuda", "Panama"],
        focus="US"),
    Paragraph(
        "ecuador-hats",
        "Weavers in Cuenca and Montecristi, the Ecuadorian towns where the straw hats known around the world as "
        "Panama hats are made, say exports have doubled in two years. Ecuador's trade ministry in Quito said "
        "shipments reached $20 million last year.",
        [Expected("Cuenca", "EC", -2.90, -79.00),
         Expected("Montecristi", "EC", -1.05, -80.66),
         Expected("Ecuador", "EC", -0.18, -78.47, area=True),
         Expected("Quito", "EC", -0.18, -78.47)],
        not_places=["Panama"],
        focus="EC"),
    Paragraph(
        "paris-metro",
        "PARIS (AP) — A strike shut most of the Paris metro on Thursday and disrupted high-speed trains to Lyon, "
        "Bordeaux and Brussels, as unions protested the government's plan to raise the retirement age. "
        "Commuters crowded onto the few trains still running.",
        [Expected("PARIS", "FR", 48.86, 2.35),
         Expected("Paris", "FR", 48.86, 2.35),
         Expected("Lyon", "FR", 45.76, 4.84),
         Expected("Bordeaux", "FR", 44.84, -0.58),
         Expected("Brussels", "BE", 50.85, 4.35)],
        not_places=["metro"],
        focus="FR"),
    Paragraph(
        "toronto-festival",
        "TORONTO — Florence Pugh and Sydney Sweeney drew screaming crowds on King Street West on Friday as the "
        "city's film festival opened, with fans lining up from as far away as Hamilton and Buffalo. "
        "Organizers said ticket sales were up 15 per cent on last year.",
        [Expected("TORONTO", "CA", 43.65, -79.38),
         Expected("Hamilton", "CA", 43.26, -79.87),
         Expected("Buffalo", "US", 42.89, -78.88)],
        not_places=["Florence", "Sydney", "King Street West"],
        focus="CA"),
    Paragraph(
        "manila-basketball",
        "MANILA, Philippines (AP) — Jordan Clarkson scored 34 points as the Philippines beat Latvia 89-80 at "
        "the Basketball World Cup on Saturday, sending a sellout crowd in Quezon City into celebration. "
        "It was the team's first World Cup win over a European side in decades.",
        [Expected("MANILA", "PH", 14.60, 120.98),
         Expected("Philippines", "PH", 14.60, 120.98, area=True),
         Expected("Philippines", "PH", 14.60, 120.98, area=True, occurrence=2),
         Expected("Latvia", "LV", 56.95, 24.11, area=True),
         Expected("Quezon City", "PH", 14.68, 121.04)],
        not_places=["Jordan"],
        focus="PH"),
    Paragraph(
        "norwich-bird-flu",
        "NORWICH, England (Reuters) - Bird flu has been confirmed at a turkey farm in Norfolk, and all 15,000 "
        "birds will be culled, the government said on Monday. A protection zone was set up around the farm, "
        "near the border with Suffolk, weeks before the Christmas rush.",
        [Expected("NORWICH", "GB", 52.63, 1.30),
         Expected("England", "GB", 51.51, -0.13, area=True),
         Expected("Norfolk", "GB", 52.67, 0.95),
         Expected("Suffolk", "GB", 52.19, 1.00)],
        not_places=["turkey", "Christmas"],
        focus="GB"),
    Paragraph(
        "wellington-dairy",
        "WELLINGTON, New Zealand (AP) — Prices for butter and Cheddar rose 6% at a global dairy auction on "
        "Tuesday, lifting shares of farm suppliers in Auckland. Farmers in the Waikato region and around "
        "Christchurch have been hit by drought.",
        [Expected("WELLINGTON", "NZ", -41.29, 174.78),
         Expected("New Zealand", "NZ", -41.29, 174.78, area=True),
         Expected("Auckland", "NZ", -36.85, 174.76),
         Expected("Waikato", "NZ", -37.79, 175.28, area=True),
         Expected("Christchurch", "NZ", -43.53, 172.64)],
        not_places=["Cheddar"],
        focus="NZ"),
    # --- Cities in every position, big non-US cities, islands, counties and provinces ---------------------
    Paragraph(
        "detroit-mayor",
        "DETROIT (AP) — The mayor of Detroit unveiled a $300 million plan on Wednesday to tear down vacant "
        "homes, saying Detroit's population grew last year for the first time since the 1950s. Neighboring "
        "Dearborn and Warren have asked Wayne County for similar money.",
        [Expected("DETROIT", "US", 42.33, -83.05),
         Expected("Detroit", "US", 42.33, -83.05),
         Expected("Detroit", "US", 42.33, -83.05, occurrence=2),
         Expected("Dearborn", "US", 42.32, -83.18),
         Expected("Warren", "US", 42.49, -83.03),
         Expected("Wayne County", "US", 42.28, -83.26)],
        focus="US"),
    Paragraph(
        "phoenix-heat",
        "PHOENIX (AP) — Maricopa County recorded 645 heat-related deaths last year, a record, county health "
        "officials said Thursday. Most died outdoors in Phoenix, Mesa and Glendale. Neighboring Pinal County "
        "reported 52.",
        [Expected("PHOENIX", "US", 33.45, -112.07),
         Expected("Maricopa County", "US", 33.35, -112.49),
         Expected("Phoenix", "US", 33.45, -112.07),
         Expected("Mesa", "US", 33.42, -111.83),
         Expected("Glendale", "US", 33.54, -112.19),
         Expected("Pinal County", "US", 32.90, -111.34)],
        focus="US"),
    Paragraph(
        "birmingham-al",
        "BIRMINGHAM, Ala. (AP) — A federal judge in Birmingham on Monday blocked Alabama's new congressional "
        "map, siding with voters from Montgomery and Mobile who said it diluted the power of Black voters. "
        "The state's attorney general said he would appeal.",
        [Expected("BIRMINGHAM", "US", 33.52, -86.80),
         Expected("Ala.", "US", 32.37, -86.30, area=True),
         Expected("Birmingham", "US", 33.52, -86.80),
         Expected("Alabama", "US", 32.37, -86.30, area=True),
         Expected("Montgomery", "US", 32.37, -86.30),
         Expected("Mobile", "US", 30.69, -88.04)],
        focus="US"),
    Paragraph(
        "houston-flood",
        "HOUSTON (AP) — Flooding closed dozens of roads across Harris County on Thursday after more than 10 "
        "inches of rain fell overnight, and Buffalo Bayou spilled over its banks near downtown Houston. "
        "Schools in Galveston and Pasadena canceled classes.",
        [Expected("HOUSTON", "US", 29.76, -95.37),
         Expected("Harris County", "US", 29.86, -95.39),
         Expected("Buffalo Bayou", "US", 29.76, -95.38),
         Expected("Houston", "US", 29.76, -95.37),
         Expected("Galveston", "US", 29.30, -94.80),
         Expected("Pasadena", "US", 29.69, -95.21)],
        focus="US"),
    Paragraph(
        "los-angeles-fire",
        "LOS ANGELES (AP) — Wind-driven fires burned more than 12,000 structures across Los Angeles County, "
        "officials said Friday, with whole blocks of Altadena leveled and evacuation orders extended in "
        "Pasadena and Malibu. "
        "At least 24 people have died.",
        [Expected("LOS ANGELES", "US", 34.05, -118.24),
         Expected("Los Angeles County", "US", 34.20, -118.26),
         Expected("Altadena", "US", 34.19, -118.13),
         Expected("Pasadena", "US", 34.15, -118.14),
         Expected("Malibu", "US", 34.03, -118.78)],
        focus="US"),
    Paragraph(
        "marseille-port",
        "MARSEILLE, France (AFP) - Marseille's port handled a record 80 million tonnes of cargo last year, its "
        "director said Tuesday, as ferry traffic to Corsica and Algiers recovered and new rail links reached "
        "Lyon. Champagne and cognac exports through the port fell.",
        [Expected("MARSEILLE", "FR", 43.30, 5.37),
         Expected("France", "FR", 48.86, 2.35, area=True),
         Expected("Marseille", "FR", 43.30, 5.37),
         Expected("Corsica", "FR", 41.93, 8.74, area=True),
         Expected("Algiers", "DZ", 36.75, 3.06),
         Expected("Lyon", "FR", 45.76, 4.84)],
        not_places=["Champagne", "cognac"],
        focus="FR"),
    Paragraph(
        "munich-bavaria",
        "MUNICH (Reuters) - Bavaria will spend 2 billion euros on new rail lines between Munich, Nuremberg and "
        "Augsburg, the state premier said on Monday, and wants faster trains to Austria. "
        "Construction is due to begin in 2027.",
        [Expected("MUNICH", "DE", 48.14, 11.58),
         Expected("Bavaria", "DE", 48.14, 11.58, area=True),
         Expected("Munich", "DE", 48.14, 11.58),
         Expected("Nuremberg", "DE", 49.45, 11.08),
         Expected("Augsburg", "DE", 48.37, 10.90),
         Expected("Austria", "AT", 48.21, 16.37, area=True)],
        focus="DE"),
    Paragraph(
        "catania-etna",
        "CATANIA, Sicily (AP) — Mount Etna erupted overnight, spewing a column of ash that closed Catania's "
        "airport until midday Monday. Flights were diverted to Palermo, on the other side of the island, and "
        "to Rome.",
        [Expected("CATANIA", "IT", 37.50, 15.09),
         Expected("Sicily", "IT", 38.12, 13.36, area=True),
         Expected("Mount Etna", "IT", 37.75, 14.99),
         Expected("Catania", "IT", 37.50, 15.09),
         Expected("Palermo", "IT", 38.12, 13.36),
         Expected("Rome", "IT", 41.90, 12.50)],
        focus="IT"),
    Paragraph(
        "tenerife-fire",
        "SANTA CRUZ DE TENERIFE, Spain (Reuters) - A wildfire on Tenerife forced 3,000 people from their homes "
        "on Saturday, the Canary Islands government said, and firefighting planes were sent from Gran Canaria "
        "and Madrid. "
        "No injuries were reported.",
        [Expected("SANTA CRUZ DE TENERIFE", "ES", 28.47, -16.25),
         Expected("Spain", "ES", 40.42, -3.70, area=True),
         Expected("Tenerife", "ES", 28.27, -16.61),
         Expected("Canary Islands", "ES", 28.47, -16.25, area=True),
         Expected("Gran Canaria", "ES", 27.96, -15.59),
         Expected("Madrid", "ES", 40.42, -3.70)],
        focus="ES"),
    Paragraph(
        "athens-rhodes",
        "ATHENS, Greece (AP) — Wildfires on Rhodes forced the evacuation of 19,000 tourists and residents from "
        "seaside hotels near Lindos, the fire service said Sunday. Another blaze burned on Crete, and Athens "
        "sent two more water-bombing planes.",
        [Expected("ATHENS", "GR", 37.98, 23.73),
         Expected("Greece", "GR", 37.98, 23.73, area=True),
         Expected("Rhodes", "GR", 36.43, 28.22),
         Expected("Lindos", "GR", 36.09, 28.09),
         Expected("Crete", "GR", 35.34, 25.13, area=True),
         Expected("Athens", "GR", 37.98, 23.73)],
        focus="GR"),
    Paragraph(
        "dublin-storm",
        "DUBLIN (Reuters) - Storm Eowyn left 700,000 homes without power on Friday, Ireland's grid operator said, "
        "with the worst damage in Galway and County Kerry. Flights at Cork were suspended.",
        [Expected("DUBLIN", "IE", 53.35, -6.26),
         Expected("Ireland", "IE", 53.35, -6.26, area=True),
         Expected("Galway", "IE", 53.27, -9.05),
         Expected("County Kerry", "IE", 52.15, -9.57),
         Expected("Cork", "IE", 51.90, -8.47)],
        focus="IE"),
    Paragraph(
        "halifax-fiona",
        "HALIFAX — Post-tropical storm Fiona washed away homes in Port aux Basques and left most of Nova Scotia "
        "and Prince Edward Island without power on Saturday. In Sydney, N.S., the mayor of Cape Breton "
        "declared a local state of emergency.",
        [Expected("HALIFAX", "CA", 44.65, -63.57),
         Expected("Port aux Basques", "CA", 47.57, -59.14),
         Expected("Nova Scotia", "CA", 44.65, -63.57, area=True),
         Expected("Prince Edward Island", "CA", 46.24, -63.13, area=True),
         Expected("Sydney", "CA", 46.14, -60.19),
         Expected("N.S.", "CA", 44.65, -63.57, area=True),
         Expected("Cape Breton", "CA", 46.14, -60.19)],
        focus="CA"),
    Paragraph(
        "victoria-bc",
        "VICTORIA — British Columbia will build a new hospital in Nanaimo, the province's health minister said "
        "Wednesday, the second on Vancouver Island in five years. A cancer centre in Kamloops is also planned.",
        [Expected("VICTORIA", "CA", 48.43, -123.37),
         Expected("British Columbia", "CA", 48.43, -123.37, area=True),
         Expected("Nanaimo", "CA", 49.17, -123.94),
         Expected("Vancouver Island", "CA", 49.65, -125.45),
         Expected("Kamloops", "CA", 50.67, -120.33)],
        focus="CA"),
    Paragraph(
        "bologna-floods",
        "Flooding in northern Italy forced 1,000 people from their homes near Bologna on Saturday, and the "
        "Emilia-Romagna region asked Rome for emergency funds. Rivers also burst their banks around Ravenna, "
        "where the same towns flooded last year.",
        [Expected("Italy", "IT", 41.90, 12.50, area=True),
         Expected("Bologna", "IT", 44.49, 11.34),
         Expected("Emilia-Romagna", "IT", 44.49, 11.34, area=True),
         Expected("Rome", "IT", 41.90, 12.50),
         Expected("Ravenna", "IT", 44.42, 12.20)],
        focus="IT"),
    Paragraph(
        "mosul-rebuilt",
        "MOSUL, Iraq (AP) — Mosul's rebuilt al-Nuri mosque reopened on Friday, seven years after Islamic State "
        "militants blew it up. Worshippers came from across Nineveh province and from Erbil and Baghdad.",
        [Expected("MOSUL", "IQ", 36.34, 43.13),
         Expected("Iraq", "IQ", 33.31, 44.36, area=True),
         Expected("Mosul", "IQ", 36.34, 43.13),
         Expected("Nineveh", "IQ", 36.34, 43.13, area=True),
         Expected("Erbil", "IQ", 36.19, 44.01),
         Expected("Baghdad", "IQ", 33.31, 44.36)],
        focus="IQ"),
    Paragraph(
        "cebu-typhoon",
        "CEBU, Philippines (AP) — Typhoon Rai slammed into the central Philippines on Thursday, toppling power "
        "lines across Cebu and the neighboring island of Bohol, while heavy rain flooded towns on the northern "
        "coast of Mindanao. Officials in Manila said 300,000 people had fled to shelters.",
        [Expected("CEBU", "PH", 10.32, 123.89),
         Expected("Philippines", "PH", 14.60, 120.98, area=True),
         Expected("Philippines", "PH", 14.60, 120.98, area=True, occurrence=2),
         Expected("Cebu", "PH", 10.32, 123.89),
         Expected("Bohol", "PH", 9.85, 124.14),
         Expected("Mindanao", "PH", 7.60, 124.80),
         Expected("Manila", "PH", 14.60, 120.98)],
        focus="PH"),
    Paragraph(
        "surabaya-port",
        "SURABAYA, Indonesia (Reuters) - Indonesia will spend $2 billion expanding the port of Surabaya, the "
        "capital of East Java, to ease congestion in Jakarta and speed shipments of palm oil and coal from "
        "Sumatra and Borneo, the transport minister said on Wednesday. "
        "Work is due to start next year.",
        [Expected("SURABAYA", "ID", -7.25, 112.75),
         Expected("Indonesia", "ID", -6.21, 106.85, area=True),
         Expected("Indonesia", "ID", -6.21, 106.85, area=True, occurrence=2),
         Expected("Surabaya", "ID", -7.25, 112.75),
         Expected("East Java", "ID", -7.25, 112.75, area=True),
         Expected("Jakarta", "ID", -6.21, 106.85),
         Expected("Sumatra", "ID", -0.50, 101.50),
         Expected("Borneo", "ID", 0.90, 114.00)],
        focus="ID"),
    Paragraph(
        "medan-sinabung",
        "MEDAN, Indonesia (AP) — Mount Sinabung on the island of Sumatra erupted again Tuesday, sending ash "
        "5 kilometers into the sky and forcing villagers in Karo district to flee. Flights from Medan to "
        "Singapore and Kuala Lumpur were delayed, North Sumatra officials said.",
        [Expected("MEDAN", "ID", 3.59, 98.67),
         Expected("Indonesia", "ID", -6.21, 106.85, area=True),
         Expected("Mount Sinabung", "ID", 3.17, 98.39),
         Expected("Sumatra", "ID", -0.50, 101.50),
         Expected("Karo", "ID", 3.10, 98.49),
         Expected("Medan", "ID", 3.59, 98.67),
         Expected("Singapore", "SG", 1.29, 103.85),
         Expected("Kuala Lumpur", "MY", 3.14, 101.69),
         Expected("North Sumatra", "ID", 3.59, 98.67, area=True)],
        focus="ID"),
    Paragraph(
        "kano-kidnap",
        "KANO, Nigeria (AP) — Gunmen abducted 40 passengers from a train traveling between Abuja and Kaduna, "
        "police said Sunday, the latest in a wave of kidnappings across northern Nigeria. In Kano, the "
        "region's largest city, traders shut their shops to protest insecurity on the roads to Katsina and "
        "Zaria.",
        [Expected("KANO", "NG", 12.00, 8.52),
         Expected("Nigeria", "NG", 9.06, 7.49, area=True),
         Expected("Abuja", "NG", 9.06, 7.49),
         Expected("Kaduna", "NG", 10.52, 7.44),
         Expected("Nigeria", "NG", 9.06, 7.49, area=True, occurrence=2),
         Expected("Kano", "NG", 12.00, 8.52),
         Expected("Katsina", "NG", 12.99, 7.60),
         Expected("Zaria", "NG", 11.09, 7.72)],
        focus="NG"),
    Paragraph(
        "yangon-rakhine",
        "YANGON, Myanmar (AP) — Fighting in Rakhine state has driven 20,000 more Rohingya toward the border "
        "with Bangladesh, the U.N. refugee agency said Monday, as insurgents closed in on Sittwe and took "
        "the town of Maungdaw. "
        "The military government did not respond to requests for comment.",
        [Expected("YANGON", "MM", 16.87, 96.20),
         Expected("Myanmar", "MM", 19.76, 96.08, area=True),
         Expected("Rakhine", "MM", 20.15, 92.90, area=True),
         Expected("Bangladesh", "BD", 23.81, 90.41, area=True),
         Expected("Sittwe", "MM", 20.15, 92.90),
         Expected("Maungdaw", "MM", 20.82, 92.37)],
        focus="MM"),
    Paragraph(
        "kabul-quake",
        "KABUL, Afghanistan (AP) — Two powerful earthquakes killed more than 2,000 people in Herat province, "
        "the Taliban said Sunday, flattening villages in the Zinda Jan district near the border with Iran. "
        "Aid agencies said many of the dead were women and children.",
        [Expected("KABUL", "AF", 34.53, 69.17),
         Expected("Afghanistan", "AF", 34.53, 69.17, area=True),
         Expected("Herat", "AF", 34.35, 62.20, area=True),
         Expected("Zinda Jan", "AF", 34.34, 61.75),
         Expected("Iran", "IR", 35.69, 51.39, area=True)],
        focus="AF"),
    Paragraph(
        "bangkok-haze",
        "BANGKOK (AP) — Thailand's health ministry urged people in Chiang Mai to stay indoors on Monday as "
        "smoke from forest fires pushed pollution to the worst level of any city in the world. The haze also "
        "blanketed the border town of Mae Sot, across the river from Myanmar.",
        [Expected("BANGKOK", "TH", 13.76, 100.50),
         Expected("Thailand", "TH", 13.76, 100.50, area=True),
         Expected("Chiang Mai", "TH", 18.79, 98.98),
         Expected("Mae Sot", "TH", 16.71, 98.57),
         Expected("Myanmar", "MM", 19.76, 96.08, area=True)],
        focus="TH"),
    Paragraph(
        "hanoi-yagi",
        "HANOI, Vietnam (AP) — Typhoon Yagi tore through northern Vietnam on Saturday, killing at least 14 "
        "people in Quang Ninh province and the port city of Haiphong, a day after battering China's Hainan "
        "island. "
        "More than 3 million homes lost power.",
        [Expected("HANOI", "VN", 21.03, 105.85),
         Expected("Vietnam", "VN", 21.03, 105.85, area=True),
         Expected("Vietnam", "VN", 21.03, 105.85, area=True, occurrence=2),
         Expected("Quang Ninh", "VN", 20.95, 107.08, area=True),
         Expected("Haiphong", "VN", 20.86, 106.68),
         Expected("China", "CN", 39.90, 116.41, area=True),
         Expected("Hainan", "CN", 20.04, 110.34, area=True)],
        focus="VN"),
    Paragraph(
        "seoul-balloons",
        "SEOUL, South Korea (AP) — North Korea floated hundreds more trash-filled balloons across the border "
        "overnight, South Korea's military said Sunday, some landing as far south as Busan. Pyongyang called "
        "the launches a response to leaflets sent by activists.",
        [Expected("SEOUL", "KR", 37.57, 126.98),
         Expected("South Korea", "KR", 37.57, 126.98, area=True),
         Expected("North Korea", "KP", 39.03, 125.75, area=True),
         Expected("South Korea", "KR", 37.57, 126.98, area=True, occurrence=2),
         Expected("Busan", "KR", 35.18, 129.08),
         Expected("Pyongyang", "KP", 39.03, 125.75)],
        focus="KR"),
    Paragraph(
        "beijing-factories",
        "BEIJING (AP) — Factory output in Guangdong, China's export powerhouse, fell for a third month in "
        "October, official data showed, as orders dried up in Shenzhen and Dongguan. Car makers in Wuhan "
        "reported a rise in sales.",
        [Expected("BEIJING", "CN", 39.90, 116.41),
         Expected("Guangdong", "CN", 23.13, 113.26, area=True),
         Expected("China", "CN", 39.90, 116.41, area=True),
         Expected("Shenzhen", "CN", 22.54, 114.06),
         Expected("Dongguan", "CN", 23.02, 113.75),
         Expected("Wuhan", "CN", 30.59, 114.31)],
        focus="CN"),
    Paragraph(
        "brisbane-cyclone",
        "BRISBANE, Australia (AP) — Cyclone Alfred crept toward the Queensland coast on Thursday, closing "
        "schools from the Gold Coast to Byron Bay in northern New South Wales. "
        "Residents stacked sandbags and stripped supermarket shelves of water and bread.",
        [Expected("BRISBANE", "AU", -27.47, 153.03),
         Expected("Australia", "AU", -35.28, 149.13, area=True),
         Expected("Queensland", "AU", -27.47, 153.03, area=True),
         Expected("Gold Coast", "AU", -28.02, 153.40),
         Expected("Byron Bay", "AU", -28.64, 153.61),
         Expected("New South Wales", "AU", -33.87, 151.21, area=True)],
        not_places=["Alfred"],
        focus="AU"),
    Paragraph(
        "durban-floods",
        "DURBAN, South Africa (AP) — Floods in KwaZulu-Natal province killed at least 40 people, officials "
        "said Tuesday, washing away roads between Durban and Pietermaritzburg. The president flew in from "
        "Johannesburg to visit shelters.",
        [Expected("DURBAN", "ZA", -29.86, 31.02),
         Expected("South Africa", "ZA", -25.75, 28.19, area=True),
         Expected("KwaZulu-Natal", "ZA", -29.60, 30.38, area=True),
         Expected("Durban", "ZA", -29.86, 31.02),
         Expected("Pietermaritzburg", "ZA", -29.60, 30.38),
         Expected("Johannesburg", "ZA", -26.20, 28.05)],
        focus="ZA"),
    Paragraph(
        "nairobi-rains",
        "NAIROBI, Kenya (AP) — Flooding after weeks of heavy rain has killed 70 people across Kenya, the "
        "government said Monday, cutting the highway between Nairobi and Mombasa and submerging parts of "
        "Garissa near the border with Somalia. "
        "The start of the school year was delayed by a week.",
        [Expected("NAIROBI", "KE", -1.29, 36.82),
         Expected("Kenya", "KE", -1.29, 36.82, area=True),
         Expected("Kenya", "KE", -1.29, 36.82, area=True, occurrence=2),
         Expected("Nairobi", "KE", -1.29, 36.82),
         Expected("Mombasa", "KE", -4.04, 39.67),
         Expected("Garissa", "KE", -0.45, 39.65),
         Expected("Somalia", "SO", 2.05, 45.32, area=True)],
        focus="KE"),
    Paragraph(
        "addis-tigray",
        "ADDIS ABABA, Ethiopia (Reuters) - Ethiopia's federal government and leaders in Tigray agreed on "
        "Wednesday to reopen banks in Mekelle, the regional capital, and to withdraw fighters from neighbouring "
        "Amhara. Eritrea did not take part in the talks.",
        [Expected("ADDIS ABABA", "ET", 9.03, 38.74),
         Expected("Ethiopia", "ET", 9.03, 38.74, area=True),
         Expected("Ethiopia", "ET", 9.03, 38.74, area=True, occurrence=2),
         Expected("Tigray", "ET", 13.50, 39.47, area=True),
         Expected("Mekelle", "ET", 13.50, 39.47),
         Expected("Amhara", "ET", 11.59, 37.39, area=True),
         Expected("Eritrea", "ER", 15.34, 38.93, area=True)],
        focus="ET"),
    Paragraph(
        "mogadishu-bomb",
        "MOGADISHU, Somalia (AP) — A car bomb exploded near a busy market in Mogadishu on Saturday, killing at "
        "least 12 people, police said. Al-Shabab fighters also attacked army posts near Kismayo and Baidoa.",
        [Expected("MOGADISHU", "SO", 2.05, 45.32),
         Expected("Somalia", "SO", 2.05, 45.32, area=True),
         Expected("Mogadishu", "SO", 2.05, 45.32),
         Expected("Kismayo", "SO", -0.36, 42.55),
         Expected("Baidoa", "SO", 3.12, 43.65)],
        focus="SO"),
    Paragraph(
        "bamako-timbuktu",
        "BAMAKO, Mali (AP) — Mali's junta said Thursday that its troops had broken a months-long blockade of "
        "Timbuktu and reopened the road to Gao, as fighters crossed into Niger and Burkina Faso. "
        "The claim could not be independently verified.",
        [Expected("BAMAKO", "ML", 12.64, -8.00),
         Expected("Mali", "ML", 12.64, -8.00, area=True),
         Expected("Mali", "ML", 12.64, -8.00, area=True, occurrence=2),
         Expected("Timbuktu", "ML", 16.77, -3.01),
         Expected("Gao", "ML", 16.27, -0.04),
         Expected("Niger", "NE", 13.51, 2.11, area=True),
         Expected("Burkina Faso", "BF", 12.37, -1.53, area=True)],
        focus="ML"),
    Paragraph(
        "tehran-isfahan",
        "TEHRAN, Iran (AP) — Air defenses fired over Isfahan early Friday, Iranian state media said, and "
        "officials said the nuclear site at Natanz was unharmed. Israel did not comment.",
        [Expected("TEHRAN", "IR", 35.69, 51.39),
         Expected("Iran", "IR", 35.69, 51.39, area=True),
         Expected("Isfahan", "IR", 32.65, 51.67),
         Expected("Natanz", "IR", 33.51, 51.92),
         Expected("Israel", "IL", 31.77, 35.21, area=True)],
        focus="IR"),
    Paragraph(
        "beirut-aleppo",
        "BEIRUT (AP) — Insurgents pushed into Aleppo on Friday, seizing government buildings in Syria's largest "
        "city for the first time since 2016, a war monitor said. The fighters had swept in from their stronghold "
        "in Idlib province, and Turkey, which backs some of the groups, called for restraint.",
        [Expected("BEIRUT", "LB", 33.89, 35.50),
         Expected("Aleppo", "SY", 36.20, 37.16),
         Expected("Syria", "SY", 33.51, 36.29, area=True),
         Expected("Idlib", "SY", 35.93, 36.63, area=True),
         Expected("Turkey", "TR", 39.93, 32.86, area=True)],
        focus="LB"),
    Paragraph(
        "gaziantep-quake",
        "GAZIANTEP, Turkey (AP) — Rescuers pulled a 10-year-old girl from the rubble in Kahramanmaraş on "
        "Thursday, 100 hours after the earthquake, as the death toll across Turkey and Syria passed 20,000. "
        "In Hatay province, whole streets of Antakya were flattened.",
        [Expected("GAZIANTEP", "TR", 37.07, 37.38),
         Expected("Turkey", "TR", 39.93, 32.86, area=True),
         Expected("Kahramanmaraş", "TR", 37.58, 36.94),
         Expected("Turkey", "TR", 39.93, 32.86, area=True, occurrence=2),
         Expected("Syria", "SY", 33.51, 36.29, area=True),
         Expected("Hatay", "TR", 36.20, 36.16, area=True),
         Expected("Antakya", "TR", 36.20, 36.16)],
        focus="TR"),
    Paragraph(
        "warsaw-border",
        "WARSAW, Poland (AP) — Poland will send 10,000 more troops to its border with Belarus, the defense "
        "minister said Tuesday, and will reinforce the frontier with Lithuania. A new shipyard contract went to "
        "Gdansk.",
        [Expected("WARSAW", "PL", 52.23, 21.01),
         Expected("Poland", "PL", 52.23, 21.01, area=True),
         Expected("Poland", "PL", 52.23, 21.01, area=True, occurrence=2),
         Expected("Belarus", "BY", 53.90, 27.57, area=True),
         Expected("Lithuania", "LT", 54.69, 25.28, area=True),
         Expected("Gdansk", "PL", 54.35, 18.65)],
        focus="PL"),
    Paragraph(
        "bogota-cali",
        "BOGOTA, Colombia (AP) — Colombia's government suspended peace talks with a rebel group on Monday after "
        "a bombing in Cauca province killed four soldiers. Security was tightened in Cali and Medellín, and "
        "troops were sent to the border with Venezuela.",
        [Expected("BOGOTA", "CO", 4.71, -74.07),
         Expected("Colombia", "CO", 4.71, -74.07, area=True),
         Expected("Colombia", "CO", 4.71, -74.07, area=True, occurrence=2),
         Expected("Cauca", "CO", 2.44, -76.61, area=True),
         Expected("Cali", "CO", 3.45, -76.53),
         Expected("Medellín", "CO", 6.24, -75.58),
         Expected("Venezuela", "VE", 10.48, -66.90, area=True)],
        focus="CO"),
    Paragraph(
        "lima-cusco",
        "LIMA, Peru (AP) — Protesters blocked the railway to Machu Picchu on Wednesday, stranding 800 tourists "
        "in Cusco, and roads around Puno near the border with Bolivia were closed for a fifth day. "
        "The protesters are demanding the release of jailed community leaders.",
        [Expected("LIMA", "PE", -12.05, -77.04),
         Expected("Peru", "PE", -12.05, -77.04, area=True),
         Expected("Machu Picchu", "PE", -13.16, -72.55),
         Expected("Cusco", "PE", -13.53, -71.97),
         Expected("Puno", "PE", -15.84, -70.02),
         Expected("Bolivia", "BO", -16.50, -68.15, area=True)],
        focus="PE"),
    Paragraph(
        "santiago-fires",
        "SANTIAGO, Chile (AP) — Forest fires raced into the hills above Viña del Mar on Saturday, killing at "
        "least 46 people, and smoke drifted over Valparaíso. Chile's president declared a state of emergency.",
        [Expected("SANTIAGO", "CL", -33.45, -70.67),
         Expected("Chile", "CL", -33.45, -70.67, area=True),
         Expected("Viña del Mar", "CL", -33.02, -71.55),
         Expected("Valparaíso", "CL", -33.05, -71.62),
         Expected("Chile", "CL", -33.45, -70.67, area=True, occurrence=2)],
        focus="CL"),
    Paragraph(
        "acapulco-otis",
        "ACAPULCO, Mexico (AP) — Hurricane Otis smashed into Acapulco as a Category 5 storm early Wednesday, "
        "cutting off the Guerrero resort city from Mexico City for more than a day. "
        "At least 27 people were killed.",
        [Expected("ACAPULCO", "MX", 16.85, -99.88),
         Expected("Mexico", "MX", 19.43, -99.13, area=True),
         Expected("Acapulco", "MX", 16.85, -99.88),
         Expected("Guerrero", "MX", 17.55, -99.50, area=True),
         Expected("Mexico City", "MX", 19.43, -99.13)],
        not_places=["Hurricane", "Otis"],
        focus="MX"),
    Paragraph(
        "kingston-beryl",
        "KINGSTON, Jamaica (AP) — Hurricane Beryl lashed Jamaica's south coast on Wednesday, ripping roofs off "
        "homes in Kingston and flooding streets in Montego Bay before heading toward the Cayman Islands. "
        "The government imposed a curfew through Thursday.",
        [Expected("KINGSTON", "JM", 18.00, -76.79),
         Expected("Jamaica", "JM", 18.00, -76.79, area=True),
         Expected("Jamaica", "JM", 18.00, -76.79, area=True, occurrence=2),
         Expected("Kingston", "JM", 18.00, -76.79),
         Expected("Montego Bay", "JM", 18.47, -77.92),
         Expected("Cayman Islands", "KY", 19.29, -81.37, area=True)],
        not_places=["Hurricane"],
        focus="JM"),
    Paragraph(
        "rosario-drought",
        "BUENOS AIRES (Reuters) - Drought cut Argentina's soybean harvest to its lowest in two decades, a "
        "grains exchange in Rosario said on Thursday, with farms in Córdoba and Santa Fe provinces hit hardest. "
        "Exports of soymeal, of which the country is the world's top supplier, are expected to fall by a third.",
        [Expected("BUENOS AIRES", "AR", -34.60, -58.38),
         Expected("Argentina", "AR", -34.60, -58.38, area=True),
         Expected("Rosario", "AR", -32.95, -60.65),
         Expected("Córdoba", "AR", -31.42, -64.18, area=True),
         Expected("Santa Fe", "AR", -31.63, -60.70, area=True)],
        focus="AR"),
    Paragraph(
        "tripoli-clashes",
        "Clashes between rival militias in Tripoli killed at least 27 people overnight, Libya's health ministry "
        "said, the worst fighting in the capital in two years. Flights were diverted to Misrata.",
        [Expected("Tripoli", "LY", 32.89, 13.19),
         Expected("Libya", "LY", 32.89, 13.19, area=True),
         Expected("Misrata", "LY", 32.38, 15.09)],
        focus="LY"),
    Paragraph(
        "moscow-belgorod",
        "MOSCOW (AP) — Ukrainian drones hit an oil depot in Belgorod overnight, the regional governor said "
        "Tuesday, and Russian air defenses shot down missiles over the Kursk region, near the border with "
        "Ukraine. "
        "No casualties were reported.",
        [Expected("MOSCOW", "RU", 55.76, 37.62),
         Expected("Belgorod", "RU", 50.60, 36.59),
         Expected("Kursk", "RU", 51.73, 36.19),
         Expected("Ukraine", "UA", 50.45, 30.52, area=True)],
        focus="RU"),
    # --- Disputed territories and the cities inside them ----------------------------------------------
    Paragraph(
        "kyiv-crimea",
        "KYIV, Ukraine (AP) — Ukrainian drones struck a fuel depot near Sevastopol overnight, officials in "
        "Crimea said Saturday. The Russian-installed governor in Simferopol said air defenses had downed 20 "
        "drones over the peninsula.",
        [Expected("KYIV", "UA", 50.45, 30.52),
         Expected("Ukraine", "UA", 50.45, 30.52, area=True),
         Expected("Sevastopol", "RU", 44.60, 33.52, disputed=UA_RU),
         Expected("Crimea", "RU", 44.95, 34.10, area=True, disputed=UA_RU),
         Expected("Simferopol", "RU", 44.95, 34.10, disputed=UA_RU)],
        focus="UA"),
    Paragraph(
        "kyiv-donbas",
        "KYIV, Ukraine (Reuters) - Russian missiles hit an apartment block in Kharkiv overnight, killing four "
        "people, Ukrainian officials said on Monday. Moscow said its forces had repelled attacks near the "
        "occupied city of Donetsk and near Luhansk, while Russian-installed officials in Mariupol and Melitopol "
        "reported explosions near rail yards.",
        [Expected("KYIV", "UA", 50.45, 30.52),
         Expected("Ukraine", "UA", 50.45, 30.52, area=True),
         Expected("Kharkiv", "UA", 49.99, 36.23),
         Expected("Moscow", "RU", 55.76, 37.62),
         Expected("Donetsk", "RU", 48.02, 37.80, disputed=UA_RU),
         Expected("Luhansk", "RU", 48.57, 39.33, disputed=UA_RU),
         Expected("Mariupol", "RU", 47.10, 37.55, disputed=UA_RU),
         Expected("Melitopol", "RU", 46.85, 35.37, disputed=UA_RU)],
        focus="UA"),
    Paragraph(
        "tbilisi-breakaway",
        "TBILISI, Georgia (Reuters) - Georgia accused Russia on Thursday of moving border markers deeper into "
        "its territory near South Ossetia, one of two breakaway regions along with Abkhazia. Residents of a "
        "village outside Tskhinvali said fences appeared overnight; in Sukhumi, officials denied any change.",
        [Expected("TBILISI", "GE", 41.72, 44.79),
         Expected("Georgia", "GE", 41.72, 44.79, area=True),
         Expected("Georgia", "GE", 41.72, 44.79, area=True, occurrence=2),
         Expected("Russia", "RU", 55.76, 37.62, area=True),
         Expected("South Ossetia", "GE", 42.23, 43.97, area=True, disputed=GE_RU),
         Expected("Abkhazia", "GE", 43.00, 41.02, area=True, disputed=GE_RU),
         Expected("Tskhinvali", "GE", 42.23, 43.97, disputed=GE_RU),
         Expected("Sukhumi", "GE", 43.00, 41.02, disputed=GE_RU)],
        focus="GE"),
    Paragraph(
        "chisinau-transnistria",
        "CHISINAU, Moldova (AP) — Power cuts spread across Transnistria on Wednesday after Russian gas stopped "
        "flowing through Ukraine, leaving homes in Tiraspol without heating as temperatures fell below "
        "freezing. Moldova's government offered to buy electricity from Romania for the breakaway region.",
        [Expected("CHISINAU", "MD", 47.01, 28.86),
         Expected("Moldova", "MD", 47.01, 28.86, area=True),
         Expected("Transnistria", "MD", 46.84, 29.63, area=True),
         Expected("Ukraine", "UA", 50.45, 30.52, area=True),
         Expected("Tiraspol", "MD", 46.84, 29.63),
         Expected("Moldova", "MD", 47.01, 28.86, area=True, occurrence=2),
         Expected("Romania", "RO", 44.43, 26.10, area=True)],
        focus="MD"),
    Paragraph(
        "nicosia-crossings",
        "NICOSIA, Cyprus (AP) — Greek Cypriot and Turkish Cypriot leaders agreed Tuesday to open two new "
        "crossing points along the U.N.-patrolled buffer zone, one near Famagusta and one on the road to "
        "Kyrenia in Northern Cyprus. Turkey, the only country that recognizes the breakaway north, welcomed "
        "the move, as did Greece.",
        [Expected("NICOSIA", "CY", 35.17, 33.37),
         Expected("Cyprus", "CY", 35.17, 33.37, area=True),
         Expected("Famagusta", "CY", 35.12, 33.94, disputed=CY_TR),
         Expected("Kyrenia", "CY", 35.34, 33.32, disputed=CY_TR),
         Expected("Northern Cyprus", "CY", 35.19, 33.36, area=True, disputed=CY_TR),
         Expected("Turkey", "TR", 39.93, 32.86, area=True),
         Expected("Greece", "GR", 37.98, 23.73, area=True)],
        focus="CY"),
    Paragraph(
        "pristina-mitrovica",
        "PRISTINA, Kosovo (AP) — Kosovo police closed two crossings with Serbia on Sunday after ethnic Serbs "
        "blocked roads in northern Mitrovica, and Belgrade put its troops on alert. Negotiators were due to "
        "meet in Brussels next week.",
        [Expected("PRISTINA", "XK", 42.67, 21.17, disputed=XK_RS),
         Expected("Kosovo", "XK", 42.67, 21.17, area=True, disputed=XK_RS),
         Expected("Kosovo", "XK", 42.67, 21.17, area=True, disputed=XK_RS, occurrence=2),
         Expected("Serbia", "RS", 44.79, 20.45, area=True),
         Expected("Mitrovica", "XK", 42.89, 20.87, disputed=XK_RS),
         Expected("Belgrade", "RS", 44.79, 20.45),
         Expected("Brussels", "BE", 50.85, 4.35)],
        focus="XK"),
    Paragraph(
        "rabat-sahara",
        "RABAT, Morocco (Reuters) - Morocco will build a $1 billion port at Dakhla in Western Sahara, the "
        "government said on Friday, and upgrade the airport at Laayoune. The Algeria-backed Polisario Front, "
        "which seeks independence for the territory, called the plan illegal.",
        [Expected("RABAT", "MA", 34.02, -6.84),
         Expected("Morocco", "MA", 34.02, -6.84, area=True),
         Expected("Morocco", "MA", 34.02, -6.84, area=True, occurrence=2),
         Expected("Dakhla", "MA", 23.68, -15.96, disputed=MA_EH),
         Expected("Western Sahara", "MA", 27.15, -13.20, area=True, disputed=MA_EH),
         Expected("Laayoune", "MA", 27.15, -13.20, disputed=MA_EH)],
        focus="MA"),
    Paragraph(
        "srinagar-snow",
        "SRINAGAR, India (AP) — Heavy snow cut off the main highway linking Kashmir with the rest of India on "
        "Sunday, stranding hundreds of trucks between Srinagar and Jammu. Flights out of the region's only "
        "major airport were canceled for a second day.",
        [Expected("SRINAGAR", "IN", 34.08, 74.80, disputed=IN_PK),
         Expected("India", "IN", 28.61, 77.21, area=True),
         Expected("Kashmir", "IN", 34.08, 74.80, area=True, disputed=KASHMIR),
         Expected("India", "IN", 28.61, 77.21, area=True, occurrence=2),
         Expected("Srinagar", "IN", 34.08, 74.80, disputed=IN_PK),
         Expected("Jammu", "IN", 32.73, 74.86, disputed=IN_PK)],
        focus="IN"),
    Paragraph(
        "islamabad-quake",
        "ISLAMABAD (Reuters) - An earthquake of magnitude 5.8 shook northern Pakistan on Thursday, damaging "
        "homes in Muzaffarabad, the main city of Pakistan-administered Kashmir, officials said. Landslides "
        "blocked roads in the Neelum Valley, and tremors were felt in Islamabad and Peshawar.",
        [Expected("ISLAMABAD", "PK", 33.69, 73.06),
         Expected("Pakistan", "PK", 33.69, 73.06, area=True),
         Expected("Muzaffarabad", "PK", 34.37, 73.47, disputed=IN_PK),
         # "Pakistan-administered Kashmir" is Azad Kashmir, which India claims (China claims none of it)
         Expected("Kashmir", "PK", 34.37, 73.47, area=True, disputed=IN_PK),
         Expected("Neelum Valley", "PK", 34.59, 73.91, disputed=IN_PK),
         Expected("Islamabad", "PK", 33.69, 73.06),
         Expected("Peshawar", "PK", 34.01, 71.58)],
        focus="PK"),
    Paragraph(
        "delhi-arunachal",
        "New Delhi, Dec 1 (PTI) India on Monday rejected China's renaming of 30 places in Arunachal Pradesh, "
        "saying the state \"was, is and will always be\" an integral part of India. Beijing calls the region "
        "Zangnan, or South Tibet, and claims a pass near Tawang.",
        [Expected("New Delhi", "IN", 28.61, 77.21),
         Expected("India", "IN", 28.61, 77.21, area=True),
         Expected("China", "CN", 39.90, 116.41, area=True),
         Expected("Arunachal Pradesh", "IN", 27.08, 93.61, area=True, disputed=IN_CN),
         Expected("India", "IN", 28.61, 77.21, area=True, occurrence=2),
         Expected("Beijing", "CN", 39.90, 116.41),
         Expected("Zangnan", "IN", 27.08, 93.61, area=True, disputed=IN_CN),
         Expected("South Tibet", "IN", 27.08, 93.61, area=True, disputed=IN_CN),
         Expected("Tawang", "IN", 27.59, 91.86, disputed=IN_CN)],
        focus="IN"),
    Paragraph(
        "taipei-kinmen",
        "TAIPEI, Taiwan (AP) — Taiwan's coast guard said Friday it had expelled four Chinese coast guard ships "
        "from waters off Kinmen, an outlying island a few miles from the Chinese city of Xiamen. In Kaohsiung, "
        "the navy held drills.",
        [Expected("TAIPEI", "TW", 25.03, 121.57, disputed=TW_CN),
         Expected("Taiwan", "TW", 25.03, 121.57, area=True, disputed=TW_CN),
         Expected("Taiwan", "TW", 25.03, 121.57, area=True, disputed=TW_CN, occurrence=2),
         Expected("Kinmen", "TW", 24.44, 118.38, disputed=TW_CN),
         Expected("Xiamen", "CN", 24.48, 118.09),
         Expected("Kaohsiung", "TW", 22.63, 120.30, disputed=TW_CN)],
        focus="TW"),
    Paragraph(
        "jerusalem-golan",
        "JERUSALEM (AP) — A rocket fired from Lebanon struck a soccer field in Majdal Shams, a Druze town in the "
        "Israeli-controlled Golan Heights, killing 12 children, Israel's military said Sunday. Israel captured "
        "the plateau from Syria in 1967 and annexed it in 1981, a step most of the world does not recognize.",
        [Expected("JERUSALEM", "IL", 31.77, 35.21, disputed=PS_IL),
         Expected("Lebanon", "LB", 33.89, 35.50, area=True),
         Expected("Majdal Shams", "IL", 33.27, 35.77, disputed=IL_SY),
         Expected("Golan Heights", "IL", 33.00, 35.75, area=True, disputed=IL_SY),
         Expected("Israel", "IL", 31.77, 35.21, area=True),
         Expected("Israel", "IL", 31.77, 35.21, area=True, occurrence=2),
         Expected("Syria", "SY", 33.51, 36.29, area=True)],
        focus="IL"),
    Paragraph(
        "jerusalem-east",
        "JERUSALEM (Reuters) - Israeli police clashed with worshippers at the Al-Aqsa mosque compound in East "
        "Jerusalem early on Wednesday, and rockets were later fired from Gaza toward Sderot and Ashkelon, the "
        "military said. "
        "No injuries were reported in either attack.",
        [Expected("JERUSALEM", "IL", 31.77, 35.21, disputed=PS_IL),
         Expected("East Jerusalem", "IL", 31.78, 35.23, disputed=PS_IL),
         Expected("Gaza", "PS", 31.50, 34.47, area=True, disputed=PS_IL),
         Expected("Sderot", "IL", 31.52, 34.60),
         Expected("Ashkelon", "IL", 31.67, 34.57)],
        focus="IL"),
    Paragraph(
        "ramallah-jenin",
        "RAMALLAH, West Bank (AP) — Israeli forces pulled out of the Jenin refugee camp on Wednesday after a "
        "three-day raid, the Palestinian Health Ministry said, and residents began returning to damaged "
        "homes. Clashes also broke out overnight in Nablus. The Palestinian Authority, based in Ramallah, "
        "called on Jordan and Egypt to press for a halt to the raids.",
        [Expected("RAMALLAH", "PS", 31.90, 35.20, disputed=PS_IL),
         Expected("West Bank", "PS", 31.90, 35.20, area=True, disputed=PS_IL),
         Expected("Jenin", "PS", 32.46, 35.30, disputed=PS_IL),
         Expected("Nablus", "PS", 32.22, 35.25, disputed=PS_IL),
         Expected("Ramallah", "PS", 31.90, 35.20, disputed=PS_IL),
         Expected("Jordan", "JO", 31.95, 35.93, area=True),
         Expected("Egypt", "EG", 30.04, 31.24, area=True)],
        focus="PS"),
    Paragraph(
        "gaza-aid",
        "DEIR AL-BALAH, Gaza Strip (AP) — Aid trucks began crossing into Gaza from Egypt on Sunday for the "
        "first time in two weeks, U.N. officials said, as families displaced from Rafah crowded into tent camps "
        "near Khan Younis. Hospitals in Gaza City said they had fuel for only three more days.",
        [Expected("DEIR AL-BALAH", "PS", 31.42, 34.35, disputed=PS_IL),
         Expected("Gaza Strip", "PS", 31.42, 34.35, area=True, disputed=PS_IL),
         Expected("Gaza", "PS", 31.42, 34.35, area=True, disputed=PS_IL, occurrence=2),
         Expected("Egypt", "EG", 30.04, 31.24, area=True),
         Expected("Rafah", "PS", 31.29, 34.25, disputed=PS_IL),
         Expected("Khan Younis", "PS", 31.34, 34.31, disputed=PS_IL),
         Expected("Gaza City", "PS", 31.50, 34.47, disputed=PS_IL)],
        focus="PS"),
    Paragraph(
        "buenos-aires-falklands",
        "BUENOS AIRES, Argentina (AP) — Argentina's president marked the anniversary of the 1982 war on "
        "Tuesday by renewing the country's claim to the Falkland Islands, which Argentines call the Malvinas. "
        "Britain, which has governed the islands since 1833, said the islanders' wishes were clear. In "
        "Stanley, the islands' capital, residents held a memorial service.",
        [Expected("BUENOS AIRES", "AR", -34.60, -58.38),
         Expected("Argentina", "AR", -34.60, -58.38, area=True),
         Expected("Argentina", "AR", -34.60, -58.38, area=True, occurrence=2),
         Expected("Falkland Islands", "FK", -51.69, -57.86, area=True, disputed=GB_AR),
         Expected("Malvinas", "FK", -51.69, -57.86, area=True, disputed=GB_AR),
         Expected("Britain", "GB", 51.51, -0.13, area=True),
         Expected("Stanley", "FK", -51.69, -57.86, disputed=GB_AR)],
        focus="AR"),
    Paragraph(
        "tokyo-kurils",
        "TOKYO (Reuters) - Japan protested on Tuesday against Russian military drills on the Kuril Islands, "
        "which Japan calls the Northern Territories, after warships were seen off Iturup. Fishing boats from "
        "Hokkaido were told to stay in port.",
        [Expected("TOKYO", "JP", 35.68, 139.69),
         Expected("Japan", "JP", 35.68, 139.69, area=True),
         Expected("Kuril Islands", "RU", 45.00, 147.90, area=True, disputed=RU_JP),
         Expected("Japan", "JP", 35.68, 139.69, area=True, occurrence=2),
         Expected("Northern Territories", "RU", 44.50, 146.50, area=True, disputed=RU_JP),
         Expected("Iturup", "RU", 45.00, 147.90, disputed=RU_JP),
         Expected("Hokkaido", "JP", 43.06, 141.35, area=True)],
        focus="JP"),
    Paragraph(
        "manila-shoal",
        "MANILA, Philippines (AP) — Chinese coast guard ships fired water cannon at a Philippine supply boat "
        "near Second Thomas Shoal in the Spratly Islands, the military said Saturday. The boat returned to "
        "Palawan with two crew members injured, and Manila summoned Beijing's envoy.",
        [Expected("MANILA", "PH", 14.60, 120.98),
         Expected("Philippines", "PH", 14.60, 120.98, area=True),
         Expected("Second Thomas Shoal", "PH", 9.74, 115.87, disputed=SPRATLY),
         Expected("Spratly Islands", "VN", 10.00, 114.50, area=True, disputed=SPRATLY),
         Expected("Palawan", "PH", 9.74, 118.74),
         Expected("Manila", "PH", 14.60, 120.98),
         Expected("Beijing", "CN", 39.90, 116.41)],
        focus="PH"),
    Paragraph(
        "juba-abyei",
        "JUBA, South Sudan (AP) — U.N. peacekeepers in Abyei, the oil-rich area claimed by both Sudan and South "
        "Sudan, said Monday that 32 people were killed in an attack on a village. Separately, floods in Jonglei "
        "state have displaced 40,000 people around the town of Bor, aid groups said.",
        [Expected("JUBA", "SS", 4.85, 31.58),
         Expected("South Sudan", "SS", 4.85, 31.58, area=True),
         Expected("Abyei", "SD", 9.60, 28.44, disputed=SD_SS),
         Expected("Sudan", "SD", 15.50, 32.56, area=True, occurrence=2),
         Expected("South Sudan", "SS", 4.85, 31.58, area=True, occurrence=2),
         Expected("Jonglei", "SS", 6.21, 31.56, area=True),
         Expected("Bor", "SS", 6.21, 31.56)],
        focus="SS"),
    # --- Outbreaks and world news -------------------------------------------------------------------------
    Paragraph(
        "sanaa-cholera",
        "SANAA, Yemen (AP) — Cholera has killed more than 250 people in Yemen since January, the World Health "
        "Organization said Thursday, with most cases in Hodeidah and Taiz. Aid groups in Aden warned that "
        "clean water was running out.",
        [Expected("SANAA", "YE", 15.37, 44.19),
         Expected("Yemen", "YE", 15.37, 44.19, area=True),
         Expected("Yemen", "YE", 15.37, 44.19, area=True, occurrence=2),
         Expected("Hodeidah", "YE", 14.80, 42.95),
         Expected("Taiz", "YE", 13.58, 44.02),
         Expected("Aden", "YE", 12.79, 45.03)],
        focus="YE"),
    Paragraph(
        "dhaka-dengue",
        "DHAKA, Bangladesh (AP) — Dengue deaths in Bangladesh passed 1,000 this year, the health directorate "
        "said Sunday, with Dhaka's hospitals overflowing and cases rising fast in Chittagong and in the "
        "Rohingya camps of Cox's Bazar near the border with Myanmar. "
        "Doctors said the outbreak had started earlier than usual because of unseasonal rain.",
        [Expected("DHAKA", "BD", 23.81, 90.41),
         Expected("Bangladesh", "BD", 23.81, 90.41, area=True),
         Expected("Bangladesh", "BD", 23.81, 90.41, area=True, occurrence=2),
         Expected("Dhaka", "BD", 23.81, 90.41),
         Expected("Chittagong", "BD", 22.34, 91.83),
         Expected("Cox's Bazar", "BD", 21.43, 92.01),
         Expected("Myanmar", "MM", 19.76, 96.08, area=True)],
        focus="BD"),
    Paragraph(
        "abuja-lassa",
        "ABUJA, Nigeria (Reuters) - Lassa fever has killed 118 people in Nigeria this year, most of them in "
        "Ondo, Edo and Bauchi states, the disease control centre said on Friday. A teaching hospital in Kano "
        "reported three new cases among its staff.",
        [Expected("ABUJA", "NG", 9.06, 7.49),
         Expected("Nigeria", "NG", 9.06, 7.49, area=True),
         Expected("Nigeria", "NG", 9.06, 7.49, area=True, occurrence=2),
         Expected("Ondo", "NG", 7.25, 5.19, area=True),
         Expected("Edo", "NG", 6.34, 5.63, area=True),
         Expected("Bauchi", "NG", 10.31, 9.84, area=True),
         Expected("Kano", "NG", 12.00, 8.52)],
        not_places=["Lassa"],
        focus="NG"),
    Paragraph(
        "kigali-marburg",
        "KIGALI, Rwanda (AP) — Rwanda declared its Marburg outbreak over on Friday, 42 days after the last "
        "patient left a hospital in Kigali. The virus, a cousin of Ebola, killed 15 people, most of them health "
        "workers. Neighboring Uganda and Tanzania had screened travelers at border crossings.",
        [Expected("KIGALI", "RW", -1.94, 30.06),
         Expected("Rwanda", "RW", -1.94, 30.06, area=True),
         Expected("Rwanda", "RW", -1.94, 30.06, area=True, occurrence=2),
         Expected("Kigali", "RW", -1.94, 30.06),
         Expected("Uganda", "UG", 0.35, 32.58, area=True),
         Expected("Tanzania", "TZ", -6.16, 35.75, area=True)],
        not_places=["Marburg", "Ebola"],
        focus="RW"),
    Paragraph(
        "kozhikode-nipah",
        "Kozhikode, Sep 15 (PTI) A 24-year-old man died of Nipah virus infection in Kerala's Malappuram "
        "district, state Health Minister Veena George said on Sunday, and 151 of his contacts were placed "
        "under observation. Samples were sent to the National Institute of Virology in Pune.",
        [Expected("Kozhikode", "IN", 11.26, 75.78),
         Expected("Kerala", "IN", 8.52, 76.94, area=True),
         Expected("Malappuram", "IN", 11.07, 76.07),
         Expected("Pune", "IN", 18.52, 73.86)],
        not_places=["Nipah"],
        focus="IN"),
    Paragraph(
        "lilongwe-cholera",
        "LILONGWE, Malawi (Reuters) - Malawi's cholera outbreak has killed more than 1,200 people, the worst in "
        "its history, the health ministry said, with Blantyre the hardest-hit district. Cases have also been "
        "reported in neighbouring Mozambique and Zambia.",
        [Expected("LILONGWE", "MW", -13.97, 33.79),
         Expected("Malawi", "MW", -13.97, 33.79, area=True),
         Expected("Malawi", "MW", -13.97, 33.79, area=True, occurrence=2),
         Expected("Blantyre", "MW", -15.79, 35.01),
         Expected("Mozambique", "MZ", -25.97, 32.57, area=True),
         Expected("Zambia", "ZM", -15.39, 28.32, area=True)],
        focus="MW"),
    Paragraph(
        "phnom-penh-h5n1",
        "PHNOM PENH, Cambodia (AP) — A 3-year-old boy in Prey Veng province has died of H5N1 bird flu, "
        "Cambodia's health ministry said Tuesday, the country's fifth death this year. A girl from Takeo "
        "province remains in hospital. Neighboring Vietnam has stepped up checks on poultry.",
        [Expected("PHNOM PENH", "KH", 11.56, 104.92),
         Expected("Cambodia", "KH", 11.56, 104.92, area=True),
         Expected("Prey Veng", "KH", 11.48, 105.32, area=True),
         Expected("Cambodia", "KH", 11.56, 104.92, area=True, occurrence=2),
         Expected("Takeo", "KH", 10.99, 104.78, area=True),
         Expected("Vietnam", "VN", 21.03, 105.85, area=True)],
        focus="KH"),
    Paragraph(
        "port-au-prince-cholera",
        "PORT-AU-PRINCE, Haiti (AP) — Cholera is spreading again in the crowded Cité Soleil slum, Haiti's "
        "health ministry said Wednesday, and new cases have been confirmed in the Artibonite region. The "
        "Dominican Republic tightened controls at its border.",
        [Expected("PORT-AU-PRINCE", "HT", 18.54, -72.34),
         Expected("Haiti", "HT", 18.54, -72.34, area=True),
         Expected("Cité Soleil", "HT", 18.58, -72.33),
         Expected("Haiti", "HT", 18.54, -72.34, area=True, occurrence=2),
         Expected("Artibonite", "HT", 19.45, -72.69, area=True),
         Expected("Dominican Republic", "DO", 18.49, -69.93, area=True)],
        focus="HT"),
    Paragraph(
        "port-sudan-cholera",
        "PORT SUDAN, Sudan (AP) — Cholera has spread to Kassala and Gedaref states, Sudan's health minister said "
        "Monday, as people fleeing the fighting in Khartoum and Darfur crowded into camps in the east. "
        "More than 300 people have died since August.",
        [Expected("PORT SUDAN", "SD", 19.62, 37.22),
         Expected("Sudan", "SD", 15.50, 32.56, area=True),
         Expected("Kassala", "SD", 15.45, 36.40, area=True),
         Expected("Gedaref", "SD", 14.03, 35.38, area=True),
         Expected("Sudan", "SD", 15.50, 32.56, area=True, occurrence=2),
         Expected("Khartoum", "SD", 15.50, 32.56),
         Expected("Darfur", "SD", 13.50, 24.50)],
        focus="SD"),
    Paragraph(
        "goma-mpox",
        "GOMA, Congo (AP) — Mpox cases are climbing in the camps around Goma, aid workers said Thursday, as "
        "fighting in North Kivu drives more families from their homes. In South Kivu, health teams in Bukavu "
        "and Uvira, near the border with Burundi, ran out of test kits.",
        [Expected("GOMA", "CD", -1.68, 29.22),
         Expected("Congo", "CD", -4.32, 15.31, area=True),
         Expected("Goma", "CD", -1.68, 29.22),
         Expected("North Kivu", "CD", -1.68, 29.22, area=True),
         Expected("South Kivu", "CD", -2.51, 28.86, area=True),
         Expected("Bukavu", "CD", -2.51, 28.86),
         Expected("Uvira", "CD", -3.40, 29.14),
         Expected("Burundi", "BI", -3.38, 29.36, area=True)],
        focus="CD"),
    Paragraph(
        "porto-alegre-floods",
        "PORTO ALEGRE, Brazil (Reuters) - Floods in Rio Grande do Sul have killed at least 100 people, the state "
        "governor said on Tuesday, with water still covering streets in Canoas and much of Porto Alegre. "
        "Neighbouring Uruguay sent helicopters.",
        [Expected("PORTO ALEGRE", "BR", -30.03, -51.23),
         Expected("Brazil", "BR", -15.79, -47.88, area=True),
         Expected("Rio Grande do Sul", "BR", -30.03, -51.23, area=True),
         Expected("Canoas", "BR", -29.92, -51.18),
         Expected("Porto Alegre", "BR", -30.03, -51.23),
         Expected("Uruguay", "UY", -34.90, -56.16, area=True)],
        focus="BR"),
    # --- Issue 12, second round: the classes a tester found on held-out paragraphs -------------------------
    # Organisations, newspapers and teams named after places: the place inside the name is no mention.
    Paragraph(
        "newspapers-printing",
        "NEW YORK (AP) — The owner of the Boston Globe said Tuesday it had held talks with the publisher of the "
        "Chicago Tribune about sharing printing plants, according to a person familiar with the matter who spoke "
        "to The Washington Post on condition of anonymity.",
        [Expected("NEW YORK", "US", 40.71, -74.01)],
        not_places=["Boston Globe", "Chicago Tribune", "Washington Post"],
        focus="US"),
    Paragraph(
        "madrid-friendly",
        "MADRID (AP) — Real Madrid beat Manchester United in a preseason friendly on Saturday, with the Brazilian "
        "forward scoring twice before a crowd of 60,000. Manchester United fly home on Sunday.",
        [Expected("MADRID", "ES", 40.42, -3.70)],
        not_places=["Real Madrid", "Manchester United"],
        focus="ES"),
    Paragraph(
        "cowboys-linebacker",
        "The Dallas Cowboys signed a veteran linebacker on Wednesday, a day after the Philadelphia Eagles released "
        "him, and the team said he would report to training camp in Oxnard, California, next week.",
        [Expected("Oxnard", "US", 34.20, -119.18),
         Expected("California", "US", 38.58, -121.49, area=True)],
        not_places=["Dallas Cowboys", "Philadelphia Eagles"],
        focus="US"),
    Paragraph(
        "london-memo",
        "LONDON (Reuters) - The Financial Times and the New York Times both published the leaked memo on "
        "Thursday, and officials in Dublin asked the British embassy for an explanation.",
        [Expected("LONDON", "GB", 51.51, -0.13),
         Expected("Dublin", "IE", 53.35, -6.26)],
        not_places=["New York Times"],
        focus="GB"),
    Paragraph(
        "celtics-heat",
        "The Boston Celtics beat the Miami Heat 112-104 on Sunday night in Boston, where the home side has now won "
        "nine in a row. The Celtics travel to Toronto on Tuesday.",
        [Expected("Boston", "US", 42.36, -71.06, occurrence=2),
         Expected("Toronto", "CA", 43.65, -79.38)],
        not_places=["Boston Celtics", "Miami Heat"],
        focus="US"),
    Paragraph(
        "newark-measles-toronto",
        "NEWARK, N.J. (AP) — A traveler who flew in from Toronto with measles may have exposed hundreds of "
        "passengers at Newark Liberty International Airport, New Jersey health officials said Friday. Two cases "
        "were also confirmed in Philadelphia.",
        [Expected("NEWARK", "US", 40.74, -74.17),
         Expected("N.J.", "US", 40.22, -74.76, area=True),
         Expected("Toronto", "CA", 43.65, -79.38),
         Expected("New Jersey", "US", 40.22, -74.76, area=True),
         Expected("Philadelphia", "US", 39.95, -75.17)],
        focus="US"),
    Paragraph(
        "atlanta-cdc-measles",
        "ATLANTA (AP) — Federal health officials will screen travelers arriving at Atlanta and Houston airports "
        "on flights from Cairo and Lima after measles cases were linked to both cities, the Centers for Disease "
        "Control and Prevention said Thursday. A nurse in Texas who treated one patient is in quarantine.",
        [Expected("ATLANTA", "US", 33.75, -84.39),
         Expected("Atlanta", "US", 33.75, -84.39),
         Expected("Houston", "US", 29.76, -95.37),
         Expected("Cairo", "EG", 30.04, 31.24),
         Expected("Lima", "PE", -12.05, -77.04),
         Expected("Texas", "US", 30.27, -97.74, area=True)],
        focus="US"),
    Paragraph(
        "psg-transfer",
        "PARIS (AFP) - Paris Saint-Germain agreed on Friday to sell their striker to Bayern Munich for 60 million "
        "euros, the French champions said, ending a summer of talks with clubs in England and Spain.",
        [Expected("PARIS", "FR", 48.86, 2.35),
         Expected("England", "GB", 51.51, -0.13, area=True),
         Expected("Spain", "ES", 40.42, -3.70, area=True)],
        not_places=["Paris Saint-Germain", "Bayern Munich"],
        focus="FR"),
    # First names and surnames that are place names, in sports and people copy.
    Paragraph(
        "nuggets-jordan",
        "DENVER (AP) — DeAndre Jordan had 14 rebounds off the bench and the Denver Nuggets beat the Utah Jazz "
        "118-102 on Friday night. Jordan, 36, also blocked three shots.",
        [Expected("DENVER", "US", 39.74, -104.99)],
        not_places=["Jordan", "Denver Nuggets", "Utah Jazz"],
        focus="US"),
    Paragraph(
        "chad-johnson-podcast",
        "Former receiver Chad Johnson said on a podcast Monday that he had moved back to Miami to coach high "
        "school football. Johnson played 11 seasons in the league.",
        [Expected("Miami", "US", 25.77, -80.19)],
        not_places=["Chad Johnson"],
        focus="US"),
    Paragraph(
        "milan-show",
        "MILAN (Reuters) - Georgia May Jagger and Sydney Sweeney were among the guests at the fashion house's "
        "show on Sunday, the last big event of the city's week before buyers head to Paris.",
        [Expected("MILAN", "IT", 45.46, 9.19),
         Expected("Paris", "FR", 48.86, 2.35)],
        not_places=["Georgia May Jagger", "Sydney Sweeney"],
        focus="IT"),
    Paragraph(
        "beckham-paris",
        "Victoria Beckham showed her spring collection in Paris on Friday, with Paris Hilton and Brooklyn Beckham "
        "in the front row.",
        [Expected("Paris", "FR", 48.86, 2.35)],
        not_places=["Victoria Beckham", "Paris Hilton", "Brooklyn Beckham"],
        focus="FR"),
    Paragraph(
        "chelsea-little-rock",
        "Chelsea Clinton spoke at a literacy fundraiser in Little Rock, Arkansas, on Thursday, and Chelsea "
        "thanked the teachers who had come from across the state.",
        [Expected("Little Rock", "US", 34.75, -92.29),
         Expected("Arkansas", "US", 34.75, -92.29, area=True)],
        not_places=["Chelsea Clinton", "Chelsea"],
        focus="US"),
    Paragraph(
        "austin-manila",
        "MANILA, Philippines (AP) — U.S. Defense Secretary Lloyd Austin met his Philippine counterpart on "
        "Tuesday. Austin said the two allies would expand joint patrols in the South China Sea.",
        [Expected("MANILA", "PH", 14.60, 120.98),
         Expected("Philippines", "PH", 14.60, 120.98, area=True)],
        not_places=["Lloyd Austin", "Austin"],
        focus="PH"),
    Paragraph(
        "venice-red-carpet",
        "VENICE, Italy (AP) — Florence Pugh and Dakota Johnson walked the red carpet on Saturday as the film "
        "festival opened, and Florence later told reporters she had never seen the city so crowded.",
        [Expected("VENICE", "IT", 45.44, 12.33),
         Expected("Italy", "IT", 41.90, 12.50, area=True)],
        not_places=["Florence Pugh", "Dakota Johnson", "Florence"],
        focus="IT"),
    # Things named after places: demonym or place + a common noun of food, animals and goods.
    Paragraph(
        "county-fair-food",
        "Stalls at the county fair sold Cornish pasties, Turkish delight and Danish pastries, and a dairy from "
        "Lancaster, Pennsylvania, won the blue ribbon for its Swiss cheese.",
        [Expected("Lancaster", "US", 40.04, -76.31),
         Expected("Pennsylvania", "US", 40.27, -76.88, area=True)],
        not_places=["Cornish", "Turkish", "Danish", "Swiss"],
        focus="US"),
    Paragraph(
        "beijing-duck",
        "BEIJING (AP) — A restaurant known for its Peking duck reopened on Monday after a year of repairs, while "
        "a rival chain added french fries and Brussels sprouts to its menu.",
        [Expected("BEIJING", "CN", 39.90, 116.40)],
        not_places=["Peking", "french", "Brussels"],
        focus="CN"),
    Paragraph(
        "geese-minneapolis",
        "Canada geese forced two planes to turn back at the airport in Minneapolis on Sunday, and wildlife "
        "officers said they would move the flock away from the runways.",
        [Expected("Minneapolis", "US", 44.98, -93.27)],
        not_places=["Canada"],
        focus="US"),
    Paragraph(
        "cat-show-columbus",
        "Siamese cats, Persian cats and a Maine coon took the top prizes at a cat show in Dayton, Ohio, on "
        "Saturday.",
        [Expected("Dayton", "US", 39.76, -84.19),
         Expected("Ohio", "US", 39.96, -83.00, area=True)],
        not_places=["Siamese", "Persian", "Maine"],
        focus="US"),
    Paragraph(
        "birmingham-dogs",
        "BIRMINGHAM, England (AP) — A German shepherd, an Irish setter and a Labrador retriever reached the final "
        "round of the dog show on Sunday.",
        [Expected("BIRMINGHAM", "GB", 52.48, -1.90),
         Expected("England", "GB", 51.51, -0.13, area=True)],
        not_places=["German", "Irish", "Labrador"],
        focus="GB"),
    Paragraph(
        "toronto-linens",
        "TORONTO (CP) — Sales of Turkish towels, Egyptian cotton sheets and Belgian waffle makers rose in the "
        "holiday season, a retailers' group said Tuesday.",
        [Expected("TORONTO", "CA", 43.65, -79.38)],
        not_places=["Turkish", "Belgian"],
        focus="CA"),
    # No place at all: no focus.
    Paragraph(
        "no-place-chips",
        "Shares of the chipmaker jumped 12 percent on Thursday after it raised its forecast for the year, "
        "citing strong demand for the processors used to train artificial intelligence models.",
        []),
    Paragraph(
        "no-place-baking",
        "Cooks who want a crisper crust should chill the dough for an hour, the bakers say, and brush it with "
        "beaten egg just before it goes into a hot oven.",
        []),
    Paragraph(
        "no-place-walking",
        "People who walk for 30 minutes a day lower their risk of heart disease by about a fifth, according to "
        "a review of 40 studies published on Wednesday.",
        []),
    # Names the small model misses: sentence-initial possessives, a city after a verb, other spellings.
    Paragraph(
        "sevastopol-drones",
        "Sevastopol's port was struck by drones overnight, Russian-installed officials in Crimea said on Sunday, "
        "and ferries to Kerch were suspended.",
        [Expected("Sevastopol", "RU", 44.60, 33.52, disputed=UA_RU),
         Expected("Crimea", "RU", 44.95, 34.10, area=True, disputed=UA_RU),
         Expected("Kerch", "RU", 45.36, 36.47, disputed=UA_RU)],
        focus="RU"),
    Paragraph(
        "minister-lyon",
        "The transport minister flew to Lyon on Thursday for talks with regional leaders, then travelled on to "
        "Grenoble and Annecy, where the new rail tunnel will begin.",
        [Expected("Lyon", "FR", 45.76, 4.84),
         Expected("Grenoble", "FR", 45.19, 5.72),
         Expected("Annecy", "FR", 45.90, 6.13)],
        focus="FR"),
    Paragraph(
        "abkhazia-runoff",
        "Abkhazia held a presidential runoff on Saturday, and Georgia, which regards the region as occupied, "
        "called the vote illegitimate. Moscow recognised Abkhazia in 2008.",
        [Expected("Abkhazia", "GE", 43.00, 41.02, area=True, disputed=GE_RU),
         Expected("Georgia", "GE", 41.72, 44.79, area=True),
         Expected("Moscow", "RU", 55.76, 37.62),
         Expected("Abkhazia", "GE", 43.00, 41.02, area=True, disputed=GE_RU, occurrence=2)],
        focus="GE"),
    Paragraph(
        "falklands-garrison",
        "LONDON (Reuters) - Britain will keep its garrison on the Falklands, the defence secretary said on "
        "Monday, after Argentina's president renewed the claim to the islands in a speech in Buenos Aires.",
        [Expected("LONDON", "GB", 51.51, -0.13),
         Expected("Britain", "GB", 51.51, -0.13, area=True),
         Expected("Falklands", "FK", -51.70, -57.85, disputed=GB_AR),
         Expected("Argentina", "AR", -34.60, -58.38, area=True),
         Expected("Buenos Aires", "AR", -34.60, -58.38)],
        focus="GB"),
    Paragraph(
        "tripoli-misrata",
        "TRIPOLI, Libya (Reuters) - Fighters from Misrata moved east toward Sirte on Wednesday, a spokesman "
        "said, as the United Nations called for a ceasefire.",
        [Expected("TRIPOLI", "LY", 32.89, 13.19),
         Expected("Libya", "LY", 32.89, 13.19, area=True),
         Expected("Misrata", "LY", 32.38, 15.09),
         Expected("Sirte", "LY", 31.21, 16.59)],
        focus="LY"),
    Paragraph(
        "delegation-iraq",
        "The delegation reached Mosul on Tuesday and will travel to Kirkuk and Erbil before returning to Baghdad "
        "at the end of the week.",
        [Expected("Mosul", "IQ", 36.34, 43.13),
         Expected("Kirkuk", "IQ", 35.47, 44.39),
         Expected("Erbil", "IQ", 36.19, 44.01),
         Expected("Baghdad", "IQ", 33.31, 44.37)],
        focus="IQ"),
    # Disputed territories with ids and every party.
    Paragraph(
        "tbilisi-borderisation",
        "TBILISI, Georgia (Reuters) - Georgia accused Russia on Tuesday of moving fences deeper into its "
        "territory along the boundary of South Ossetia, cutting a village off from its orchards.",
        [Expected("TBILISI", "GE", 41.72, 44.79),
         Expected("Georgia", "GE", 41.72, 44.79, area=True),
         Expected("Georgia", "GE", 41.72, 44.79, area=True, occurrence=2),
         Expected("Russia", "RU", 55.76, 37.62, area=True),
         Expected("South Ossetia", "GE", 42.23, 43.97, area=True, disputed=GE_RU)],
        focus="GE"),
    Paragraph(
        "tel-aviv-golan",
        "TEL AVIV (AP) — Israel said on Sunday it had shot down a drone over the Golan Heights that was launched "
        "from Syria.",
        [Expected("TEL AVIV", "IL", 32.08, 34.78),
         Expected("Israel", "IL", 31.77, 35.21, area=True),
         Expected("Golan Heights", "IL", 33.00, 35.75, area=True, disputed=IL_SY),
         Expected("Syria", "SY", 33.51, 36.29, area=True)],
        focus="IL"),
    Paragraph(
        "rabat-dakhla",
        "RABAT, Morocco (Reuters) - Morocco will build an Atlantic port at Dakhla in Western Sahara, the "
        "government said on Thursday, a project the Polisario Front called illegal.",
        [Expected("RABAT", "MA", 34.02, -6.83),
         Expected("Morocco", "MA", 34.02, -6.83, area=True),
         Expected("Dakhla", "MA", 23.68, -15.96, disputed=MA_EH),
         Expected("Western Sahara", "MA", 27.15, -13.20, area=True, disputed=MA_EH)],
        focus="MA"),
    Paragraph(
        "delhi-aksai-chin",
        "NEW DELHI (Reuters) - India protested on Friday against a new Chinese county in Aksai Chin, which New "
        "Delhi says is part of Ladakh.",
        [Expected("NEW DELHI", "IN", 28.61, 77.21),
         Expected("India", "IN", 28.61, 77.21, area=True),
         Expected("Aksai Chin", "CN", 35.00, 79.00, disputed=IN_CN)],
        focus="IN"),
    # Same names: an unqualified repeat after the dateline and a qualified namesake; near namesakes.
    Paragraph(
        "springfield-tornado",
        "SPRINGFIELD, Ill. (AP) — A tornado damaged homes on the city's east side on Tuesday. Crews from "
        "Springfield, Mo., were sent to help, and the governor visited Springfield on Wednesday.",
        [Expected("SPRINGFIELD", "US", 39.80, -89.65),
         Expected("Ill.", "US", 39.80, -89.65, area=True),
         Expected("Springfield", "US", 37.21, -93.29),
         Expected("Mo.", "US", 38.58, -92.17, area=True),
         Expected("Springfield", "US", 39.80, -89.65, occurrence=2)],
        focus="US"),
    Paragraph(
        "taipei-matsu",
        "TAIPEI (Reuters) - Taiwan's coast guard said on Thursday it had expelled Chinese boats near Matsu and "
        "Kinmen, islands that lie just off the mainland coast.",
        [Expected("TAIPEI", "TW", 25.03, 121.57, disputed=TW_CN),
         Expected("Taiwan", "TW", 25.03, 121.57, area=True, disputed=TW_CN),
         Expected("Matsu", "TW", 26.16, 119.95, disputed=TW_CN),
         Expected("Kinmen", "TW", 24.44, 118.38, disputed=TW_CN)],
        focus="TW"),
    Paragraph(
        "newark-trains",
        "Commuter trains between New York and Newark were halted for three hours on Monday after a signal failure "
        "under the Hudson River.",
        [Expected("New York", "US", 40.71, -74.01),
         Expected("Newark", "US", 40.74, -74.17)],
        focus="US"),
    Paragraph(
        "columbus-soldiers",
        "COLUMBUS, Ga. (AP) — Fort Moore will add 2,000 soldiers next year, the Army said Monday. Unlike "
        "Columbus, Ohio, the city has no new factory to absorb them, and officials in Columbus have asked the "
        "state for road money.",
        [Expected("COLUMBUS", "US", 32.46, -84.99),
         Expected("Ga.", "US", 33.75, -84.39, area=True),
         Expected("Columbus", "US", 39.96, -83.00),
         Expected("Ohio", "US", 39.96, -83.00, area=True),
         Expected("Columbus", "US", 32.46, -84.99, occurrence=2)],
        focus="US"),
    # --- Found in the bundled samples (issue 12, fourth round): capitals by their old names, capitals near a
    # namesake of the article's other places, products and outlets named like places -----------------------
    Paragraph(
        "kiev-government",
        "MOSCOW (Reuters) - Russia accused the West on Tuesday of arming the Kiev government, as fighting in "
        "eastern Ukraine entered its third week. Officials in Lviv said trains to Kharkiv were running late.",
        [Expected("MOSCOW", "RU", 55.76, 37.62),
         Expected("Russia", "RU", 55.76, 37.62, area=True),
         Expected("Kiev", "UA", 50.45, 30.52),
         Expected("Ukraine", "UA", 50.45, 30.52, area=True),
         Expected("Lviv", "UA", 49.84, 24.03),
         Expected("Kharkiv", "UA", 49.99, 36.23)],
        not_places=["West"],
        focus="RU"),
    Paragraph(
        "vienna-talks-washington",
        "Envoys from Washington and Tehran will meet again next month, possibly in Vienna or Geneva, officials "
        "said, after talks in Oman ended without a deal. The White House declined to comment.",
        [Expected("Washington", "US", 38.90, -77.04),
         Expected("Tehran", "IR", 35.69, 51.39),
         Expected("Vienna", "AT", 48.21, 16.37),
         Expected("Geneva", "CH", 46.20, 6.15),
         Expected("Oman", "OM", 23.59, 58.41, area=True)],
        focus="US"),
    Paragraph(
        "app-store-outlet",
        "The ministry's app is available on the App Store and Google Play, Meridian News reported on Friday. "
        "Downloads rose fastest in Jakarta and Surabaya.",
        [Expected("Jakarta", "ID", -6.21, 106.85),
         Expected("Surabaya", "ID", -7.25, 112.75)],
        not_places=["Store", "Meridian"],
        focus="ID"),
]
