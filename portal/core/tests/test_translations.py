"""The Polish and Hungarian catalogs: complete, placeholder-safe, compiled and in use.

The .po files are read with the standard library only (no polib), and the committed .mo files are
checked against them, because CI machines have no gettext to compile them.
"""

import ast
import gettext
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

LOCALE_DIR = Path(settings.LOCALE_PATHS[0])
LANGUAGES = ("pl", "hu")
PLURAL_FORMS = {
    "pl": (
        "nplurals=3; plural=(n==1 ? 0 : (n%10>=2 && n%10<=4) && (n%100<12 || n%100>=14) ? 1 : 2);"
    ),
    "hu": "nplurals=2; plural=(n != 1);",
}
KEY_STRINGS = (
    "Employees",
    "Log out",
    "Save",
    "Staff requests",
    "Vendor console",
    "Company manager",
    "Sign in",
    "My profile",
)
# %(name)s style (and bare %s / %d) placeholders; "%%" is a literal percent sign.
PLACEHOLDER = re.compile(r"%\(\w+\)[sdifr]|%[sdifr]")


@dataclass
class Entry:
    msgid: str | None = None
    msgid_plural: str | None = None
    msgctxt: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)
    flags: set[str] = field(default_factory=set)
    line: int = 0


def _parse_po(path: Path) -> list[Entry]:
    """A minimal .po reader: enough for the files makemessages writes (blank-line separated)."""
    entries: list[Entry] = []
    entry: Entry | None = None
    target: tuple[str, int] | None = None
    lines = path.read_text(encoding="utf-8").splitlines()
    for lineno, raw in enumerate([*lines, ""], start=1):
        line = raw.strip()
        if not line:
            entry, target = None, None
            continue
        if line.startswith("#~"):
            continue  # obsolete entries are not part of the catalog
        if entry is None:
            entry = Entry(line=lineno)
            entries.append(entry)
        if line.startswith("#,"):
            entry.flags.update(flag.strip() for flag in line[2:].split(",") if flag.strip())
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):
            assert target is not None, f"{path}:{lineno}: string outside a keyword"
            name, index = target
            text = ast.literal_eval(line)
            if name == "msgstr":
                entry.msgstr[index] += text
            else:
                setattr(entry, name, getattr(entry, name) + text)
        else:
            keyword, _sep, rest = line.partition(" ")
            text = ast.literal_eval(rest.strip())
            match = re.fullmatch(r"msgstr(?:\[(\d+)\])?", keyword)
            if match:
                index = int(match.group(1) or 0)
                entry.msgstr[index] = text
                target = ("msgstr", index)
            else:
                assert keyword in ("msgctxt", "msgid", "msgid_plural"), (
                    f"{path}:{lineno}: {keyword}"
                )
                setattr(entry, keyword, text)
                target = (keyword, 0)
    return [e for e in entries if e.msgid is not None]


def _catalog(lang: str) -> tuple[Entry, list[Entry]]:
    path = LOCALE_DIR / lang / "LC_MESSAGES" / "django.po"
    assert path.exists(), f"missing {path}"
    entries = _parse_po(path)
    headers = [e for e in entries if e.msgid == "" and e.msgctxt is None]
    assert len(headers) == 1, f"{path}: expected one header entry"
    return headers[0], [e for e in entries if e is not headers[0]]


def _header_fields(header: Entry) -> dict[str, str]:
    fields = {}
    for line in header.msgstr[0].splitlines():
        key, _sep, value = line.partition(":")
        fields[key.strip()] = value.strip()
    return fields


def _where(lang: str, entry: Entry) -> str:
    return f"{lang}/django.po:{entry.line} {entry.msgid!r}"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_key_ui_strings_are_translated(lang):
    _header, entries = _catalog(lang)
    ours = {e.msgid: e.msgstr[0] for e in entries if e.msgctxt is None and e.msgid_plural is None}
    with translation.override(lang):
        for text in KEY_STRINGS:
            translated = _(text)
            assert translated and translated != text, f"{lang}: {text!r} is not translated"
            # the project's catalog wins over Django's and allauth's own
            assert translated == ours[text], f"{lang}: {text!r} does not come from locale/"
        # the product's name stays as it is
        assert _("Partner Portal") == "Partner Portal"
    with translation.override("en"):
        assert _("Employees") == "Employees"


def test_polish_uses_its_three_plural_forms():
    with translation.override("pl"):
        forms = [
            ngettext("%(counter)s row", "%(counter)s rows", n) % {"counter": n}
            for n in (1, 3, 5, 22, 12)
        ]
    assert forms[0] != forms[1] != forms[2]
    assert len({forms[0].split()[1], forms[1].split()[1], forms[2].split()[1]}) == 3
    assert forms[3].split()[1] == forms[1].split()[1]  # 22 is like 3
    assert forms[4].split()[1] == forms[2].split()[1]  # 12 is like 5


@pytest.mark.parametrize("lang", LANGUAGES)
def test_header_declares_the_language_and_its_plural_forms(lang):
    header, entries = _catalog(lang)
    assert entries, f"{lang}: the catalog is empty"
    assert "fuzzy" not in header.flags, f"{lang}: the header is still marked fuzzy"
    fields = _header_fields(header)
    assert fields.get("Language") == lang
    assert fields.get("Content-Type") == "text/plain; charset=UTF-8"
    assert fields.get("Plural-Forms") == PLURAL_FORMS[lang]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_entry_is_translated_and_none_is_fuzzy(lang):
    header, entries = _catalog(lang)
    nplurals = int(re.search(r"nplurals=(\d+)", PLURAL_FORMS[lang]).group(1))
    problems = []
    for entry in entries:
        if "fuzzy" in entry.flags:
            problems.append(f"{_where(lang, entry)} is fuzzy")
        expected = list(range(nplurals)) if entry.msgid_plural is not None else [0]
        if sorted(entry.msgstr) != expected:
            problems.append(f"{_where(lang, entry)} has msgstr forms {sorted(entry.msgstr)}")
        for index, text in entry.msgstr.items():
            if not text.strip():
                problems.append(f"{_where(lang, entry)} msgstr[{index}] is empty")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_placeholders_are_kept(lang):
    _header, entries = _catalog(lang)
    problems = []
    for entry in entries:
        wanted = Counter(PLACEHOLDER.findall(entry.msgid.replace("%%", "")))
        if entry.msgid_plural is not None:
            plural = Counter(PLACEHOLDER.findall(entry.msgid_plural.replace("%%", "")))
            wanted = wanted | plural
        for index, text in entry.msgstr.items():
            found = Counter(PLACEHOLDER.findall(text.replace("%%", "")))
            if found != wanted:
                problems.append(
                    f"{_where(lang, entry)} msgstr[{index}]: "
                    f"{sorted(found.elements())} != {sorted(wanted.elements())}"
                )
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_committed_mo_file_matches_the_po_file(lang):
    """The .mo is what Django reads: it must hold exactly what the .po says."""
    mo_path = LOCALE_DIR / lang / "LC_MESSAGES" / "django.mo"
    assert mo_path.exists(), f"{mo_path} is missing: run compilemessages"
    with mo_path.open("rb") as fh:
        compiled = gettext.GNUTranslations(fh)
    _header, entries = _catalog(lang)
    stale = []
    for entry in entries:
        if entry.msgid_plural is None:
            if entry.msgctxt is None:
                got = compiled.gettext(entry.msgid)
            else:
                got = compiled.pgettext(entry.msgctxt, entry.msgid)
            if got != entry.msgstr[0]:
                stale.append(f"{_where(lang, entry)}: .mo has {got!r}")
            continue
        for index, text in entry.msgstr.items():
            n = next(n for n in range(200) if compiled.plural(n) == index)
            if entry.msgctxt is None:
                got = compiled.ngettext(entry.msgid, entry.msgid_plural, n)
            else:
                got = compiled.npgettext(entry.msgctxt, entry.msgid, entry.msgid_plural, n)
            if got != text:
                stale.append(f"{_where(lang, entry)} [{index}]: .mo has {got!r}")
    assert not stale, "the .mo is out of date; run compilemessages:\n" + "\n".join(stale)
