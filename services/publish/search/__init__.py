"""Search over what was published: words, places, distance, entities, sources and dates, paged and exported.

syntax.py reads web-search words; filters.py every other filter; query.py builds one SQLAlchemy Core selection
from them (engines.py holds the little that differs between PostgreSQL and SQLite: full text and days);
listing.py pages and exports it; facets.py counts it; api.py and feed.py are its HTTP faces.
"""
