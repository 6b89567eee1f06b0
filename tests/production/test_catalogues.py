"""A server set up without compiling the translations says so, instead of speaking English."""

import os

from wpsevents.checks import catalogues_are_compiled


def _catalogue(root, with_compiled: bool, compiled_older: bool = False):
    folder = root / "km" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    source = folder / "django.po"
    source.write_text('msgid ""\nmsgstr ""\n')
    if with_compiled:
        compiled = folder / "django.mo"
        compiled.write_bytes(b"")
        if compiled_older:
            stamp = source.stat().st_mtime - 60
            os.utime(compiled, (stamp, stamp))
    return source


def test_check_warns_when_a_catalogue_was_never_compiled(settings, tmp_path):
    source = _catalogue(tmp_path, with_compiled=False)
    settings.LOCALE_PATHS = [tmp_path]
    [warning] = catalogues_are_compiled(None)
    assert warning.id == "wpsevents.W002"
    assert str(source) in warning.msg
    assert "compilemessages" in warning.hint


def test_check_warns_when_a_catalogue_changed_after_it_was_compiled(settings, tmp_path):
    _catalogue(tmp_path, with_compiled=True, compiled_older=True)
    settings.LOCALE_PATHS = [tmp_path]
    assert [w.id for w in catalogues_are_compiled(None)] == ["wpsevents.W002"]


def test_check_is_quiet_when_every_catalogue_is_compiled(settings, tmp_path):
    _catalogue(tmp_path, with_compiled=True)
    settings.LOCALE_PATHS = [tmp_path]
    assert catalogues_are_compiled(None) == []


def test_the_projects_own_catalogues_are_compiled_for_the_tests():
    assert catalogues_are_compiled(None) == []
