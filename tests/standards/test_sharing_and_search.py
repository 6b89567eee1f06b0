"""What search engines and link previews read from the event page, as an extractor sees it."""

import io

import extruct
import pytest
from django.utils import timezone
from PIL import Image

from tests.factories import ParticipantFactory
from wpsevents.events.models import LOCAL_TZ

SITE = "https://events.example.org"


def _extracted(client, path: str) -> tuple[dict, dict]:
    """The page's schema.org Event (JSON-LD) and its OpenGraph properties."""
    html = client.get(path).content.decode()
    found = extruct.extract(html, base_url=SITE + path, syntaxes=["json-ld", "opengraph"])
    (event,) = [item for item in found["json-ld"] if item.get("@type") == "Event"]
    (og,) = found["opengraph"]
    return event, dict(og["properties"])


@pytest.mark.parametrize("prefix", ["", "/km"])
def test_event_page_offers_free_registration_with_its_card_and_address(client, workshop, prefix):
    event, og = _extracted(client, f"{prefix}/events/{workshop.slug}/")
    card = f"{SITE}{prefix}/events/{workshop.slug}/card.png"
    assert event["image"] == [card]
    assert og["og:image"] == card
    assert (og["og:image:width"], og["og:image:height"]) == ("1200", "630")
    offer = event["offers"]
    assert offer["@type"] == "Offer"
    assert offer["price"] == 0
    assert offer["url"] == f"{SITE}{prefix}/events/{workshop.slug}/register/"
    assert offer["availability"] == "https://schema.org/InStock"
    assert offer["validFrom"] == timezone.localtime(workshop.created_at, LOCAL_TZ).isoformat()
    assert event["organizer"]["url"] == SITE
    address = event["location"][0]["address"]
    assert address["@type"] == "PostalAddress"
    street = workshop.venue_address_km if prefix else workshop.venue_address_en
    assert address["streetAddress"] == street
    assert "Phnom Penh" not in address["streetAddress"]
    assert (address["addressLocality"], address["addressCountry"]) == ("Phnom Penh", "KH")
    assert event["remainingAttendeeCapacity"] == workshop.capacity


def test_event_page_asks_for_a_large_card_where_it_is_shared(client, workshop):
    html = client.get(f"/events/{workshop.slug}/").content.decode()
    assert '<meta name="twitter:card" content="summary_large_image">' in html


def test_full_event_is_offered_as_sold_out_with_no_seat_left(client, workshop):
    workshop.capacity = 1
    workshop.save()
    ParticipantFactory(event=workshop)
    event, _og = _extracted(client, f"/events/{workshop.slug}/")
    assert event["offers"]["availability"] == "https://schema.org/SoldOut"
    assert event["remainingAttendeeCapacity"] == 0


def test_sharing_card_is_a_small_1200_by_630_picture(client, workshop):
    response = client.get(f"/events/{workshop.slug}/card.png")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert len(response.content) < 100_000
    assert Image.open(io.BytesIO(response.content)).size == (1200, 630)


def test_sharing_card_changes_when_the_title_does(client, workshop):
    before = client.get(f"/events/{workshop.slug}/card.png").content
    assert client.get(f"/events/{workshop.slug}/card.png").content == before
    workshop.title_en = "A different title"
    workshop.save()
    assert client.get(f"/events/{workshop.slug}/card.png").content != before
