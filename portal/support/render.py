"""Knowledge-base articles to HTML: plain text with a few Markdown marks, every character escaped.

No Markdown or sanitiser library is installed, and article text is never trusted as HTML: each
line is escaped first, then "# " / "## " lines become headings, "- " lines list items, blank
lines end paragraphs, and `code` spans become <code>. Nothing else is interpreted.
"""

import re

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

_CODE = re.compile(r"`([^`]+)`")


def _inline(text: str) -> str:
    return _CODE.sub(r"<code>\1</code>", escape(text))


def render_article(body: str) -> SafeString:
    html: list[str] = []
    paragraph: list[str] = []
    items: list[str] = []

    def flush():
        if paragraph:
            html.append("<p>" + "<br>".join(paragraph) + "</p>")
            paragraph.clear()
        if items:
            html.append("<ul>" + "".join(f"<li>{item}</li>" for item in items) + "</ul>")
            items.clear()

    for raw in (body or "").splitlines():
        line = raw.rstrip()
        if not line.strip():
            flush()
        elif line.startswith("## "):
            flush()
            html.append(f"<h3>{_inline(line[3:])}</h3>")
        elif line.startswith("# "):
            flush()
            html.append(f"<h2>{_inline(line[2:])}</h2>")
        elif line.lstrip().startswith(("- ", "* ")):
            if paragraph:
                html.append("<p>" + "<br>".join(paragraph) + "</p>")
                paragraph.clear()
            items.append(_inline(line.lstrip()[2:]))
        else:
            if items:
                flush()
            paragraph.append(_inline(line))
    flush()
    return mark_safe("\n".join(html))  # noqa: S308 - every piece above was escaped
