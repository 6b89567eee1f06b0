"""Every public page and the door's pages are valid HTML, as the W3C Nu HTML Checker reads them."""

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

from tests.factories import DelegationFactory, ParticipantFactory, nominee_data
from tests.participants.helpers import form_post
from wpsevents.participants import rules
from wpsevents.participants.models import Participant
from wpsevents.participants.tokens import issue_delegation_link, issue_private_link

VNU_JAR = Path(settings.BASE_DIR) / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
JAVA = shutil.which("java")

pytestmark = pytest.mark.skipif(
    JAVA is None or not VNU_JAR.exists(),
    reason="Java or vnu-jar is missing (make test installs them)",
)


def _public_pages(workshop, prefix: str) -> dict[str, str]:
    """Each public page in one language, by name, as a visitor's browser receives it."""
    client = Client()
    event = f"{prefix}/events/{workshop.slug}/"
    pages = {
        name: client.get(path)
        for name, path in {
            "event": event,
            "programme": f"{event}programme/",
            "resources": f"{event}resources/",
            "registration": f"{event}register/",
            "send-my-link": f"{event}my-link/",
            "privacy": f"{prefix}/privacy/",
            "not-found": f"{prefix}/nowhere/",
        }.items()
    }
    pages["registration-with-errors"] = client.post(f"{event}register/", {"email": "nobody"})
    pages["confirmation"] = client.post(f"{event}register/", form_post(), follow=True)
    person = ParticipantFactory(event=workshop, name_khmer="ចាន់ សុខា")
    pages["private-link"] = client.get(f"{prefix}/r/{issue_private_link(person)}/", follow=True)
    pages["change"] = client.get(f"{prefix}/r/change/")
    pages["cancel"] = client.get(f"{prefix}/r/cancel/")
    letter = rules.issue_letter(participant=person)
    pages["letter-verified"] = client.get(f"{prefix}/verify/{letter.code}/")
    waiting = ParticipantFactory(event=workshop, status=Participant.Status.WAITLISTED)
    token = issue_private_link(waiting)
    pages["letter-refused"] = client.get(f"{prefix}/r/{token}/letter.pdf", follow=True)
    delegation = DelegationFactory(event=workshop)
    nominee = rules.nominate_delegate(delegation=delegation, data=nominee_data())
    pages["delegation"] = client.get(
        f"{prefix}/d/{issue_delegation_link(delegation)}/", follow=True
    )
    assert "nomination-form" in pages["delegation"].content.decode()
    pages["delegation-with-errors"] = client.post(f"{prefix}/d/", {"email": "nobody"})
    pages["delegation-withdraw"] = client.get(f"{prefix}/d/nominees/{nominee.reference}/withdraw/")
    return {f"{name}-{prefix.strip('/') or 'en'}": page for name, page in pages.items()}


def _door_pages(workshop, door) -> dict[str, str]:
    """The check-in search, its results, one person's check-in page and the door app."""
    person = ParticipantFactory(event=workshop, given_name="Sokha", name_khmer="ចាន់ សុខា")
    return {
        "checkin-search": door.get("/checkin/"),
        "checkin-results": door.get("/checkin/", {"q": "Sokha"}),
        "checkin-person": door.get(f"/checkin/{person.reference}/"),
        "checkin-app": door.get("/checkin/app/"),
    }


def _nu_errors(pages: dict, folder: Path) -> dict[str, list[str]]:
    """The checker's errors for each page, from one run of the checker over all of them."""
    files = {}
    for name, response in pages.items():
        files[name] = folder / f"{name}.html"
        files[name].write_bytes(response.content)
    run = subprocess.run(
        [JAVA, "-jar", str(VNU_JAR), "--errors-only", "--format", "json", "--exit-zero-always"]
        + [str(path) for path in files.values()],
        capture_output=True,
        text=True,
        check=True,
    )
    errors = {name: [] for name in files}
    for message in json.loads(run.stderr)["messages"]:
        name = Path(message.get("url", "?")).stem
        errors.setdefault(name, []).append(f"{message.get('lastLine')}: {message['message']}")
    return errors


def test_public_and_door_pages_have_no_html_errors(workshop, checkin_client, tmp_path):
    workshop.is_checkin_open = True
    workshop.save()
    pages = {**_public_pages(workshop, ""), **_public_pages(workshop, "/km")}
    pages.update(_door_pages(workshop, checkin_client))
    statuses = {name: response.status_code for name, response in pages.items()}
    expected = {"not-found": 404, "letter-refused": 403}
    assert statuses == {name: expected.get(name.rsplit("-", 1)[0], 200) for name in pages}
    errors = _nu_errors(pages, tmp_path)
    assert {name: found for name, found in errors.items() if found} == {}
