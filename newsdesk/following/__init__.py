"""What a signed-in reader keeps track of: saved articles, followed sources, hashtags, stories
and searches, and the alerts those follows raise."""
