"""Serving the site in production: the gunicorn configuration ``newsdesk serve`` runs."""
