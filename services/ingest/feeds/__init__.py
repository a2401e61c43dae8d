"""Pull ingest: feeds polled politely, their items turned into submissions on the POST's own path.

document.py and jsonfeed.py read a feed; identity.py names its items; fetch.py and hosts.py ask for it
politely; schedule.py says when to ask again; claims.py hands due feeds to pollers; poll.py does one poll;
registry.py is the operators' side (CLI and HTTP); fulltext.py fetches the article a summary points to.
"""
