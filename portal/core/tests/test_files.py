"""serve_private_file: the headers that keep a private file private and inert."""

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import InMemoryStorage, default_storage, storages
from django.db import models
from django.db.models.fields.files import FieldFile

from portal.core.files import serve_private_file


def _stored(name: str, content: bytes) -> FieldFile:
    saved = default_storage.save(name, ContentFile(content))
    return FieldFile(None, models.FileField(storage=default_storage), saved)


def test_tests_keep_files_in_memory():
    assert isinstance(storages["default"], InMemoryStorage)


def test_a_file_is_downloaded_with_private_headers():
    response = serve_private_file(_stored("invoices/2026/INV-2026-000001.pdf", b"%PDF-1.7 test"))
    assert b"".join(response.streaming_content) == b"%PDF-1.7 test"
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="INV-2026-000001.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "private, no-store"
    assert response["Content-Length"] == "13"


def test_a_pdf_may_be_shown_inline_under_another_name():
    response = serve_private_file(
        _stored("x/abc123.pdf", b"%PDF"), filename="Faktura styczeń.pdf", as_attachment=False
    )
    assert response["Content-Type"] == "application/pdf"
    disposition = response["Content-Disposition"]
    assert disposition.startswith("inline; filename*=utf-8''")
    assert "Faktura%20stycze%C5%84.pdf" in disposition


@pytest.mark.parametrize("name", ["page.html", "logo.svg", "script.js", "no-extension"])
def test_types_that_could_run_script_are_only_downloaded(name):
    response = serve_private_file(
        _stored(f"up/{name}", b"<script>alert(1)</script>"), as_attachment=False
    )
    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"


def test_plain_text_says_its_charset():
    response = serve_private_file(
        _stored("notes/readme.txt", "zażółć".encode()), as_attachment=False
    )
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response["Content-Disposition"] == 'inline; filename="readme.txt"'


def test_a_quote_in_the_offered_name_cannot_break_the_header():
    response = serve_private_file(
        _stored("a/b.pdf", b"%PDF"), filename='evil".pdf\r\nX-Injected: 1'
    )
    assert "\n" not in response["Content-Disposition"]
    assert "X-Injected" not in response
