"""Generic words that are also the names of some places ("Police", "Street", "East"), never meant so alone."""

# Words organisations and regions are made of. A town or division so named ("Police" in Poland, "East" in
# Cameroon) is only taken when spaCy or an apposition says so, never from the word alone.
GENERIC_WORDS = frozenset("""
academy agency air airport assembly association authority bank board bureau business capital
center central centre chamber church city club college commerce commission committee community company
congress corporation council county court department district east eastern energy exchange federal
first force foundation free fund general group guard hall health high home hospital house institute
international journal justice labour league liberal library market medical metro middle ministry museum
national navy new news north northern northeast northwest office officer oil park party police post power
press public republic royal school senate service society south southern southeast southwest standard
state street sun superior supreme times trust union united university valley water west western
town village borough region province island coast area zone downtown uptown
""".split())

# English function words: "In" opening a sentence is no In Buri, whatever found it (an all-capital "IN" or "US" is
# an abbreviation, not one of these).
FUNCTION_WORDS = frozenset("""
a an and are as at be but by for from had has have he her his i if in into is it its me my no nor not of on or our
she so than that the their them then there these they this those to up us was we were what when where which who will
with you
""".split())

CALENDAR_WORDS = frozenset("""
january february march april may june july august september october november december
monday tuesday wednesday thursday friday saturday sunday christmas easter
jan feb apr jul aug sep sept oct nov dec tues thurs
""".split())  # and the abbreviations AP style writes ("through Nov. 30" is no Nov, Tajikistan)

# A capital letter, accented ones included ("Évreux", "Örebro", "Łódź"): for patterns that find names in text.
CAPITAL_LETTERS = "A-Z" + "".join(c for c in map(chr, range(0xC0, 0x250)) if c.isupper())
SMALL_LETTERS = "a-z" + "".join(c for c in map(chr, range(0xC0, 0x250)) if c.islower())
CAPITAL = f"[{CAPITAL_LETTERS}]"
