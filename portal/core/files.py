"""Handing a stored private file to the browser (invoices, attachments, exports).

Files live in the "default" storage (var/media locally, an S3 bucket in production) and no URL
serves them: a view loads the record through its scoped selector, checks the permission, and
returns `serve_private_file(record.file)`. Uploading and validating files does not live here.
"""

import mimetypes
from pathlib import PurePosixPath

from django.db.models.fields.files import FieldFile
from django.http import FileResponse

# Types a browser may show in the page instead of downloading: none of them runs script.
INLINE_TYPES = frozenset(
    {"application/pdf", "image/png", "image/jpeg", "image/gif", "image/webp", "text/plain"}
)
DOWNLOAD_TYPE = "application/octet-stream"


def serve_private_file(
    file_field_file: FieldFile, *, filename: str | None = None, as_attachment: bool = True
) -> FileResponse:
    """Stream a stored file with headers that keep it private and inert.

    The caller (a view) is responsible for the permission check before calling this: this
    function checks nothing, it serves whatever it is given.

    `filename` is the name offered to the browser (default: the stored file's own name).
    `as_attachment=False` shows PDFs, raster images and plain text in the browser; any other type
    (HTML, SVG, …, which could run script on the portal's origin) is downloaded as
    `application/octet-stream` instead. Responses are never cached by shared caches or the
    browser, and the browser must not guess another content type.
    """
    name = filename or PurePosixPath(file_field_file.name).name
    guessed, _encoding = mimetypes.guess_type(name, strict=False)
    if guessed in INLINE_TYPES:
        content_type = f"{guessed}; charset=utf-8" if guessed == "text/plain" else guessed
    else:
        content_type, as_attachment = DOWNLOAD_TYPE, True
    file_field_file.open("rb")
    response = FileResponse(
        file_field_file, as_attachment=as_attachment, filename=name, content_type=content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
