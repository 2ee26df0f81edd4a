"""Pure helpers shared by every stage. Nothing here imports Django's ORM."""
