"""A small desk's worth of stories whose every search answer is known, dated relative to now."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from benchmarks.harness.stories import Story, StoryPlace

NOW = datetime.now(UTC).replace(microsecond=0)
KYIV = StoryPlace(703448, "Kyiv", "UA", 50.45466, 30.5238, "PPLC", "12")
UKRAINE = StoryPlace(690791, "Ukraine", "UA", 49.0, 32.0, "PCLI", "00")
KYIV_OBLAST = StoryPlace(703446, "Kyiv Oblast", "UA", 50.05, 30.77, "ADM1", "13")
BILA_TSERKVA = StoryPlace(710791, "Bila Tserkva", "UA", 49.79, 30.13, "PPL", "13")
LVIV = StoryPlace(702550, "Lviv", "UA", 49.83826, 24.02324, "PPLA", "15")
MANILA = StoryPlace(1701668, "Manila", "PH", 14.6042, 120.9822, "PPLC", "NCR")
PARIS = StoryPlace(2988507, "Paris", "FR", 48.85341, 2.3488, "PPLC", "11")
SUVA = StoryPlace(2198148, "Suva", "FJ", -18.14161, 178.44149, "PPLC", "C")
UN = ("ORG", "United Nations")


def ago(**delta: float) -> datetime:
    """A moment before now."""
    return NOW - timedelta(**delta)


DESK: dict[str, Story] = {
    "kyiv_talks": Story("Ceasefire agreed in Kyiv talks", "Negotiators in Kyiv agreed a ceasefire with the "
                        "United Nations watching.", ago(days=1), places=(KYIV,), entities=(UN,),
                        focus_country="UA"),
    "bila_tserkva": Story("Ceasefire collapses near Bila Tserkva", "Shelling resumed near Bila Tserkva, "
                          "Jane Doe said.", ago(days=3), source="agency", places=(BILA_TSERKVA,),
                          entities=(("PERSON", "Jane Doe"),), focus_country="UA"),
    "lviv_rail": Story("Lviv opens a railway station", "The new station in Lviv, Ukraine, serves the west.",
                       ago(days=10), places=(LVIV, UKRAINE), focus_country="UA"),
    "manila_strike": Story("Manila port strike ends", "Dockers in Manila ended their strike; the United Nations "
                           "welcomed it.", ago(days=2), places=(MANILA,), entities=(UN,), focus_country="PH"),
    "paris_fashion": Story("Semaine de la mode à Paris", "Les défilés de Paris commencent.", ago(days=5),
                           language="fr", places=(PARIS,), focus_country="FR"),
    "suva_cyclone": Story("Cyclone warning for Suva", "Forecasters in Suva warned of a cyclone.", ago(hours=1),
                          places=(SUVA,), focus_country="FJ"),
    "football": Story("Football ceasefire between Kyiv clubs", "The clubs of Kyiv agreed a ceasefire in their "
                      "football feud.", ago(days=4), places=(KYIV,), focus_country="UA"),
    "held": Story("Ceasefire rumour held back", "An unconfirmed ceasefire in Kyiv.", ago(days=1), status="held",
                  places=(KYIV,), focus_country="UA"),
    "withdrawn": Story("Ceasefire story withdrawn", "A ceasefire story about Kyiv that was withdrawn.",
                       ago(days=1), pubstatus="canceled", places=(KYIV,), focus_country="UA"),
    "markets": Story("Markets rally on rate cut", "Shares rose after the rate cut.", ago(days=6),
                     updated_at=ago(minutes=5)),
    "oblast_budget": Story("Kyiv Oblast budget passed", "The Kyiv Oblast council passed its budget.",
                           ago(days=7, hours=12), places=(KYIV_OBLAST,), focus_country="UA"),
}
