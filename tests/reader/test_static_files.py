"""Static files, once collected, are served under hashed names that browsers keep for a year."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.core.management import call_command
from django.templatetags.static import static
from django.test import Client, override_settings

MANIFEST = "whitenoise.storage.CompressedManifestStaticFilesStorage"


@pytest.fixture
def collected(tmp_path):
    storages = {**settings.STORAGES, "staticfiles": {"BACKEND": MANIFEST}}
    with override_settings(STATIC_ROOT=tmp_path, STORAGES=storages, WHITENOISE_USE_FINDERS=False):
        # Only the reader's own files: compressing the admin's and the API docs' takes minutes.
        call_command(
            "collectstatic", interactive=False, verbosity=0, ignore_patterns=["admin", "ninja"]
        )
        yield tmp_path


def test_a_collected_static_file_is_served_hashed_compressed_and_cached_for_a_year(collected):
    url = static("reader/site.css")
    assert url != "/static/reader/site.css"  # the content's hash is in the name
    response = Client().get(url, headers={"Accept-Encoding": "gzip"})
    assert response.status_code == 200
    assert "immutable" in response["Cache-Control"]
    assert "max-age=315360000" in response["Cache-Control"]
    assert response["Content-Encoding"] == "gzip"


@pytest.mark.django_db
def test_pages_link_to_the_collected_files(collected):
    html = Client().get("/").content.decode()
    assert f'<link rel="stylesheet" href="{static("reader/site.css")}">' in html
    assert f'<script src="{static("django_htmx/htmx-2.min.js")}" defer></script>' in html
