"""The Khmer side of the site: a complete, current catalogue and pages that read in Khmer."""

import os
import re
import shutil
import subprocess
from collections import Counter
from html import unescape
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.core.management import call_command
from django.utils import translation

from tests.factories import EventFactory
from wpsevents.events import workshop

CATALOGUE = Path(settings.BASE_DIR) / "locale" / "km" / "LC_MESSAGES" / "django.po"
# Every Khmer catalogue the site reads: ours, and the country names made from CLDR
# (locale_countries/, written by scripts/khmer_country_names.py).
EVERY_CATALOGUE = pytest.mark.parametrize(
    "catalogue",
    [Path(path) / "km" / "LC_MESSAGES" / "django.po" for path in settings.LOCALE_PATHS],
    ids=lambda path: path.parents[2].name,
)
KHMER = re.compile(r"[\u1780-\u17ff]")
PLACEHOLDER = re.compile(r"%\(\w+\)[sdif]|%[sdif]|\{\w*\}")
HTML_TAG = re.compile(r"</?[a-zA-Z][^>]*>")
# What `make messages` leaves out; everything else under the project is scanned.
NOT_SCANNED = {".venv", "staticfiles", "node_modules", "media", "locale", "__pycache__"}
SOURCE_SUFFIXES = {".py", ".html", ".txt"}


def _entries(path: Path) -> list[polib.POEntry]:
    return [entry for entry in polib.pofile(str(path)) if not entry.obsolete]


def _needs_work(entries) -> list[str]:
    return [e.msgid for e in entries if e.fuzzy or not e.translated()]


def _translations(entry: polib.POEntry) -> list[tuple[str, str]]:
    """Each (source, translation) pair: for a plural entry, Khmer's one form against the plural."""
    if entry.msgid_plural:
        return [(entry.msgid_plural, text) for text in entry.msgstr_plural.values()]
    return [(entry.msgid, entry.msgstr)]


def _markup(text: str) -> Counter:
    return Counter(PLACEHOLDER.findall(text) + HTML_TAG.findall(text))


def _copy_sources(destination: Path) -> None:
    """Copy the files makemessages reads, so that it can run without touching locale/."""
    root = Path(settings.BASE_DIR)
    for folder, subfolders, files in os.walk(root):
        subfolders[:] = [s for s in subfolders if s not in NOT_SCANNED and not s.startswith(".")]
        for name in files:
            path = Path(folder, name)
            if path.suffix in SOURCE_SUFFIXES:
                target = destination / path.relative_to(root)
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(path, target)


def _h1(html: str) -> str:
    match = re.search(r"<h1[^>]*>(.*?)</h1>", html, re.DOTALL)
    assert match, "no <h1> on the page"
    return unescape(re.sub(r"<[^>]+>", "", match.group(1))).strip()


def _label(html: str, field: str) -> str:
    match = re.search(rf'<label[^>]*for="id_{field}"[^>]*>(.*?)</label>', html, re.DOTALL)
    assert match, f"no label for {field}"
    return unescape(re.sub(r"<[^>]+>", "", match.group(1))).strip()


@EVERY_CATALOGUE
def test_catalogue_declares_khmer_with_one_plural_form(catalogue):
    metadata = polib.pofile(str(catalogue)).metadata
    assert metadata["Language"] == "km"
    assert metadata["Plural-Forms"] == "nplurals=1; plural=0;"
    assert "charset=UTF-8" in metadata["Content-Type"]


@EVERY_CATALOGUE
def test_catalogue_translates_every_entry(catalogue):
    missing = _needs_work(_entries(catalogue))
    assert not missing, "untranslated or fuzzy in the Khmer catalogue:\n" + "\n".join(missing)


@EVERY_CATALOGUE
def test_catalogue_keeps_placeholders_and_markup(catalogue):
    changed = [
        f"{source!r} -> {text!r}"
        for entry in _entries(catalogue)
        for source, text in _translations(entry)
        if text and _markup(source) != _markup(text)
    ]
    assert not changed, "placeholders or HTML differ from the English:\n" + "\n".join(changed)


@EVERY_CATALOGUE
def test_catalogue_compiles_with_msgfmt_check(catalogue):
    result = subprocess.run(
        ["msgfmt", "--check", "-o", "/dev/null", str(catalogue)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr


def test_catalogue_has_every_string_marked_for_translation(tmp_path, monkeypatch, settings):
    _copy_sources(tmp_path)
    fresh = tmp_path / "locale" / "km" / "LC_MESSAGES" / "django.po"
    fresh.parent.mkdir(parents=True)
    shutil.copyfile(CATALOGUE, fresh)
    monkeypatch.chdir(tmp_path)
    settings.LOCALE_PATHS = [tmp_path / "locale"]
    call_command("makemessages", locale=["km"], no_obsolete=True, verbosity=0)
    missing = _needs_work(_entries(fresh))
    assert not missing, (
        "marked for translation but not in the Khmer catalogue (run `make messages` and "
        "translate):\n" + "\n".join(missing)
    )


@pytest.mark.django_db
def test_khmer_event_page_shows_the_khmer_title(client):
    call_command("load_workshop", verbosity=0)
    response = client.get(f"/km/events/{workshop.EVENT['slug']}/")
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="km">' in html
    heading = _h1(html)
    assert heading == workshop.EVENT["title"]["km"]
    assert KHMER.search(heading)


@pytest.mark.django_db
def test_khmer_registration_form_has_khmer_labels(client):
    call_command("load_workshop", verbosity=0)
    response = client.get(f"/km/events/{workshop.EVENT['slug']}/register/")
    html = response.content.decode()
    assert response.status_code == 200
    for field in ("given_name", "family_name", "email", "organisation"):
        label = _label(html, field)
        assert KHMER.search(label), f"{field} label is not in Khmer: {label!r}"
    with translation.override("km"):
        assert _label(html, "given_name").startswith(translation.gettext("given name"))


@pytest.mark.django_db
def test_khmer_page_falls_back_to_english_content(client):
    event = EventFactory(title="Workshop written in English only", summary="Only English here.")
    response = client.get(f"/km/events/{event.slug}/")
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="km">' in html
    assert _h1(html) == "Workshop written in English only"
    assert "Only English here." in html
    with translation.override("km"):
        assert translation.gettext("Programme") in html
