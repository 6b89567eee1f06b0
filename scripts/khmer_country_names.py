#!/usr/bin/env python3
"""Khmer names for the country list: a gettext catalogue made from CLDR, through Babel.

django-countries ships no Khmer names. This writes them to
locale_countries/km/LC_MESSAGES/django.po: one entry per country django-countries lists, with
its English name, exactly as django-countries marks it for translation, as the msgid and the
Khmer name of Unicode's CLDR as the msgstr. The countries in settings.COUNTRIES_OVERRIDE (the
South-East Asian ones, listed first) are left out: our own catalogue, locale/km/, names them.
CORRECTIONS replaces the few names CLDR has wrong.

The catalogue has a directory of its own, the second of LOCALE_PATHS, so that `make messages`
(makemessages --no-obsolete, which drops every msgid it does not find in our source) never
touches it. Run this again after upgrading django-countries or Babel, then compile:

    .venv/bin/python scripts/khmer_country_names.py [--output other.po]
    DEBUG=true .venv/bin/python manage.py compilemessages --ignore=.venv

Babel comes with the test extras (`pip install -e ".[test]"`); the site does not need it. The
entries are sorted by country code, and a run that changes no name leaves the file as it was,
revision date included. A country CLDR has no Khmer name for is left out, so it shows in
English, and is named on the standard error; the run then exits with status 1.
"""

import argparse
import os
import sys
from pathlib import Path

import babel
import polib
from babel.core import Locale, get_cldr_version

ROOT = Path(__file__).resolve().parent.parent
CATALOGUE = ROOT / "locale_countries" / "km" / "LC_MESSAGES" / "django.po"
HEADER = (
    "Khmer names of the countries django-countries lists, from Unicode's CLDR through Babel.\n"
    "Made by scripts/khmer_country_names.py: do not edit, run it again."
)


def set_up_django() -> None:
    """Load the project's settings, which decide the names django-countries gives."""
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wpsevents.settings")
    import django

    django.setup()


def english_names() -> dict[str, str]:
    """Each country's code and msgid, as the site lists them, without the overridden ones."""
    from django.conf import settings
    from django.utils import translation
    from django_countries import countries

    # With no language active, gettext returns the msgid itself, untouched by any catalogue.
    with translation.override(None):
        return {
            code: str(name)
            for code, name in countries.countries.items()
            if code not in settings.COUNTRIES_OVERRIDE
        }


# Where CLDR's Khmer is wrong: Jordan's subscript is misplaced, and Swaziland is Eswatini.
CORRECTIONS = {"JO": "ហ្ស៊កដានី", "SZ": "អ៊ែស្វាទីនី"}


def khmer_names(codes) -> tuple[dict[str, str], list[str]]:
    """CLDR's Khmer name of each code, as corrected, and the codes without a Khmer name."""
    territories = {**Locale.parse("km").territories, **CORRECTIONS}
    found = {code: territories[code] for code in codes if territories.get(code)}
    return found, sorted(set(codes) - set(found))


def catalogue(english: dict[str, str], khmer: dict[str, str]) -> polib.POFile:
    """The Khmer catalogue, one entry per country sorted by code, the code as a comment."""
    po = polib.POFile(wrapwidth=78)
    po.header = HEADER
    po.metadata = {
        "Project-Id-Version": "WPS Events 1.0",
        "Report-Msgid-Bugs-To": "",
        "PO-Revision-Date": "",
        "Last-Translator": f"Unicode CLDR {get_cldr_version()} (Babel {babel.__version__})",
        "Language-Team": "Khmer",
        "Language": "km",
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "Plural-Forms": "nplurals=1; plural=0;",
    }
    for code in sorted(khmer):
        po.append(polib.POEntry(msgid=english[code], msgstr=khmer[code], comment=code))
    return po


def revision_date(path: Path, po: polib.POFile) -> str:
    """The date already in `path` when its names are the same, otherwise now."""
    from django.utils import timezone

    if path.exists():
        before = polib.pofile(str(path))
        if _names(before) == _names(po) and before.metadata.get("PO-Revision-Date"):
            return before.metadata["PO-Revision-Date"]
    return timezone.localtime().strftime("%Y-%m-%d %H:%M%z")


def _names(po: polib.POFile) -> list[tuple[str, str]]:
    return [(entry.msgid, entry.msgstr) for entry in po]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output", type=Path, default=CATALOGUE, help="default: %(default)s")
    args = parser.parse_args()
    set_up_django()
    english = english_names()
    khmer, missing = khmer_names(english)
    po = catalogue(english, khmer)
    po.metadata["PO-Revision-Date"] = revision_date(args.output, po)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    po.save(str(args.output))
    sys.stdout.write(f"{args.output}: {len(khmer)} countries in Khmer\n")
    for code in missing:
        sys.stderr.write(f"CLDR has no Khmer name for {code} ({english[code]}): left in English\n")
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
