"""Reader comments: posting (signed-in, rate-limited, sanitized) and moderation."""
