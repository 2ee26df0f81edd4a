"""newsdesk: a self-hosted, AI-assisted news aggregator."""
