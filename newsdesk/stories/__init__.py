"""Grouping reports of one event into stories: pure clustering and the signals it compares.

The ORM side (loading candidate stories, saving assignments, the periodic merge and split)
lives in newsdesk.pipeline.stories.
"""
