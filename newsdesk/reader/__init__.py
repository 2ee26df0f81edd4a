"""The reader web site: front page, article, story, source and hashtag pages."""
