"""newsdesk's own feeds, RSS 2.0 and Atom: top stories, latest, each source, hashtag and story,
a search, and each reader's private feed.

Entries carry the headline, the newsdesk page and the publisher's original, the source, times,
the standfirst and hashtags; never a publisher's full article text, which we only hold from
their page (we cannot tell whether their own feed gave it away). Feeds answer conditional GETs
with 304 and keep each rendered version in the cache until its entries change.
"""
