"""newsdesk for programs: the JSON API under ``/api/v1/`` and the Google Reader API under
``/reader/api/0/``, with the per-user tokens, API passwords and reading state they need.

The JSON API is built with django-ninja rather than Django REST framework + drf-spectacular:
its schemas are typed Pydantic models (mypy checks them like the rest of newsdesk, DRF's
serializers are untyped), the OpenAPI 3 document is generated from the same type hints that
validate requests (no second schema layer to keep in step), and its Swagger UI ships inside the
package and is served by our own static files, so the docs page works with no network at all.
DRF needs two more packages (drf-spectacular and its sidecar) for the same result.

Both APIs are thin: reads go through ``news.queries`` and ``news.search``, AI features through
``pipeline.ai``, subscriptions through ``pipeline.sources``.
"""
