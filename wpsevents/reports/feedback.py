"""The survey's answers in the report: counts and averages only, never a person.

Figures are shown by gender and by type of organisation; groups with fewer than
`SMALLEST_GROUP` answers are pooled together, and a pool still that small shows no figure, so
that no one's answer can be told apart. The free texts are listed in alphabetical order, apart
from any group, and only once at least `SMALLEST_GROUP` people have answered.
"""

from collections import defaultdict

from django.db.models import Avg, Count, F, Q, Sum
from django.utils.translation import gettext_lazy as _

from wpsevents.events.models import Event
from wpsevents.participants.models import Feedback, Participant, SessionRating

from .tables import Table

SMALLEST_GROUP = 5
WITHHELD = "–"
NOTE = _(
    "Overall rating from 1 (very poor) to 5 (excellent). Groups with fewer than 5 answers are "
    "pooled; a pool of fewer than 5 shows no figures."
)


def rating_groups(event: Event) -> list[dict]:
    """Answers per gender and organisation type: how many, the sum of ratings, how many good."""
    return list(
        Feedback.objects.filter(participant__event=event)
        .values(
            gender=F("participant__gender"), organisation_type=F("participant__organisation_type")
        )
        .annotate(
            responses=Count("pk"),
            rating_sum=Sum("overall_rating"),
            good=Count("pk", filter=Q(overall_rating__gte=4)),
        )
        .order_by("gender", "organisation_type")
    )


def _figures(label, responses: int, rating_sum: int, good: int) -> list:
    """A row: the group, its answers, its average rating and its share rating 4 or 5."""
    if responses < SMALLEST_GROUP:
        fewer = _("fewer than %(count)s") % {"count": SMALLEST_GROUP}
        return [label, fewer if responses else 0, WITHHELD, WITHHELD]
    return [label, responses, round(rating_sum / responses, 1), round(100 * good / responses)]


def ratings_by(groups: list[dict], dimension: str) -> Table:
    """The overall rating by gender or organisation type, small groups pooled."""
    sums = defaultdict(lambda: [0, 0, 0])
    for group in groups:
        row = sums[group[dimension]]
        for index, key in enumerate(("responses", "rating_sum", "good")):
            row[index] += group[key]
    if dimension == "gender":
        key, title = "feedback-gender", _("Feedback by gender")
        choices, heading = Participant.Gender.choices, _("Gender")
    else:
        key, title = "feedback-organisation-types", _("Feedback by organisation type")
        choices, heading = Participant.OrganisationType.choices, _("Organisation type")
    headers = [heading, _("Answers"), _("Average rating"), _("Rated 4 or 5, in per cent")]
    table = Table(key, title, headers, note=NOTE)
    pooled = [0, 0, 0]
    for value, label in choices:
        if value not in sums:
            continue
        if sums[value][0] >= SMALLEST_GROUP:
            table.rows.append(_figures(label, *sums[value]))
        else:
            pooled = [a + b for a, b in zip(pooled, sums[value], strict=True)]
    if pooled[0]:
        table.rows.append(_figures(_("Smaller groups, together"), *pooled))
    total = [sum(column) for column in zip(*sums.values(), strict=True)] or [0, 0, 0]
    table.rows.append(_figures(_("Total"), *total))
    return table


def session_usefulness(event: Event) -> Table:
    """How useful each session was found, from 1 to 5, by those who rated it."""
    rows = (
        SessionRating.objects.filter(feedback__participant__event=event)
        .values("session__title", "session__starts_at", "session__order")
        .annotate(ratings=Count("pk"), average=Avg("usefulness"))
        .order_by("session__starts_at", "session__order")
    )
    table = Table(
        "feedback-sessions",
        _("Usefulness of each session"),
        [_("Session"), _("Answers"), _("Average usefulness")],
        note=_("From 1 (very poor) to 5 (excellent); no average for fewer than 5 answers."),
    )
    for row in rows:
        enough = row["ratings"] >= SMALLEST_GROUP
        average = round(row["average"], 1) if enough else WITHHELD
        table.rows.append([row["session__title"], row["ratings"], average])
    return table


def free_texts(event: Event) -> Table:
    """What people would improve and their other comments, sorted, with no one's details."""
    answers = Feedback.objects.filter(participant__event=event)
    table = Table(
        "feedback-comments",
        _("Comments from the survey"),
        [_("Question"), _("Answer")],
        note=_(
            "In alphabetical order, without names or groups; shown once 5 people or more have "
            "answered."
        ),
    )
    if answers.count() < SMALLEST_GROUP:
        return table
    for field, question in (
        ("to_improve", _("What could we improve?")),
        ("comments", _("Anything else you would like to tell us?")),
    ):
        texts = answers.exclude(**{field: ""}).order_by(field).values_list(field, flat=True)
        table.rows += [[question, text] for text in texts]
    return table


def feedback_tables(event: Event) -> list[Table]:
    """The report's tables of the survey."""
    groups = rating_groups(event)
    return [
        ratings_by(groups, "gender"),
        ratings_by(groups, "organisation_type"),
        session_usefulness(event),
        free_texts(event),
    ]
