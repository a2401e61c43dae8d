"""Resolution: each recognised place name to one gazetteer entry, and the article's focus from what resolved.

Reads ``recognition``'s mentions and the gazetteer; recognition never imports from here.
"""
