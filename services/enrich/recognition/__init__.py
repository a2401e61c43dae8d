"""Recognition: who and what an article names, and where in the text (spaCy, the gazetteer layer and the rules).

Everything here turns text into ``Mention``s and groups them into entities; nothing here picks a gazetteer entry
for a place — that is ``resolution``'s job, which reads these mentions.
"""
