"""The news archive: sources, feeds, articles, stories and hashtags (models, queries, admin)."""
