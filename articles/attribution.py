"""Who did what in the review of a published revision: the credits the public page, its JSON-LD, the board
member's page and any API give, derived from the audit trail.

The audit trail is ``editorial.TransitionRecord`` (start review, request changes, approve) of the published
revision and ``editorial.ArticleReview`` (a board member confirmed that revision still current). The
selectors (``articles/selectors.py``) read those records as plain rows; this module turns rows into credits
and knows nothing of queries, so the page's single query and the separate read agree by construction.

The rules, as a medical publisher states them:

- **Approved**: every board member who approved the revision (an article may need several: issue 18's quorum,
  where each approval short of the quorum is a ``quorum_approve`` record and the last is the ``approve``
  transition), each on the day they approved it. Their other
  steps on the same revision (starting its review, asking for changes, confirming it later) are not
  credited again on the page: the approval is their part (the JSON-LD lists every step).
- **Confirmed still current**: the latest board member who re-read the approved revision and confirmed it,
  and when. A confirmation of an earlier revision is not a review of this text and is not credited.
- **Also reviewed by**: every other board member who acted on this revision, each once, with what they
  did (started the review, requested changes, an earlier confirmation), in order of first acting.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime

from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime

APPROVE = "approve"
CONFIRM_CURRENT = "confirm_current"
START_REVIEW = "start_review"
REQUEST_CHANGES = "request_changes"
QUORUM_APPROVE = "quorum_approve"  # one approval of several the article needs: credited as an approval
# The workflow records that credit a board member for reviewing the revision they belong to. Submitting,
# recalling and assigning are editors' and the editor-in-chief's steps; a revision that was rejected,
# withdrawn or superseded is not the published one.
CREDITED_ACTIONS = (START_REVIEW, REQUEST_CHANGES, APPROVE, QUORUM_APPROVE)
# What each credit is called, on the page ("Also reviewed by X (started the review)") and as the
# schema.org ``Role.roleName`` in the JSON-LD.
ROLE_NAMES = {
    APPROVE: "approved",
    CONFIRM_CURRENT: "confirmed still current",
    START_REVIEW: "started the review",
    REQUEST_CHANGES: "requested changes",
}
# The fields a credited person is read with, from a record's user (``actor`` or ``reviewer``): record key ->
# path below that user. Every read of credits selects these.
PERSON_FIELDS = {
    "person_id": "id",
    "username": "username",
    "first_name": "first_name",
    "last_name": "last_name",
    **{name: f"board_profile__{name}" for name in ("slug", "display_name", "credentials", "specialty", "listed")},
}


@dataclass(frozen=True)
class Disclosed:
    """A board member's latest conflict-of-interest disclosure (issue 18): when, and what ("" = none declared)."""

    declared_on: date
    interests: str


@dataclass(frozen=True)
class Reviewer:
    """A board member as readers see them: the board profile's name and credentials, else the user's name."""

    name: str
    credentials: str
    specialty: str
    url: str | None  # the public board profile, when the reviewer has a listed one
    disclosure: Disclosed | None = None  # read with the article page's credits; None: none on file (or not read)

    @property
    def name_with_credentials(self) -> str:
        return f"{self.name}, {self.credentials}" if self.credentials else self.name


@dataclass(frozen=True)
class Credit:
    """One thing one board member did in the review of the revision; ``at`` is the last time they did it."""

    person_id: int
    reviewer: Reviewer
    action: str  # APPROVE, CONFIRM_CURRENT, START_REVIEW or REQUEST_CHANGES
    at: datetime

    @property
    def role(self) -> str:
        return ROLE_NAMES[self.action]


@dataclass(frozen=True)
class OtherReviewer:
    """A board member credited besides the approver and the latest confirmation, with what they did."""

    person_id: int
    reviewer: Reviewer
    credits: tuple[Credit, ...]


@dataclass(frozen=True)
class Attribution:
    """Who approved the revision, who last confirmed it current, and who else reviewed it in which role."""

    credits: tuple[Credit, ...]  # every credit, each (person, action) once, in order of first acting

    @property
    def approved(self) -> Credit | None:
        """The approval that published the revision (the last one, when it needed several)."""
        return self._latest(APPROVE)

    @property
    def approvers(self) -> tuple[Credit, ...]:
        """Every board member's approval, in the order they approved."""
        return tuple(sorted((credit for credit in self.credits if credit.action == APPROVE), key=lambda c: c.at))

    @property
    def people(self) -> tuple[tuple[int, Reviewer], ...]:
        """Everyone the page credits, each once: the approvers, then whoever else confirmed or reviewed it.
        The page lists their disclosures in this order."""
        found: dict[int, Reviewer] = {credit.person_id: credit.reviewer for credit in self.approvers}
        for credit in self.credits:
            found.setdefault(credit.person_id, credit.reviewer)
        return tuple(found.items())

    @property
    def confirmed(self) -> Credit | None:
        return self._latest(CONFIRM_CURRENT)

    def _latest(self, action: str) -> Credit | None:
        return max((credit for credit in self.credits if credit.action == action), key=lambda c: c.at, default=None)

    @property
    def others(self) -> tuple[OtherReviewer, ...]:
        approvers = {credit.person_id for credit in self.approvers}
        named = {self.confirmed}
        people: dict[int, list[Credit]] = {}
        for credit in self.credits:
            if credit.person_id not in approvers and credit not in named:
                people.setdefault(credit.person_id, []).append(credit)
        return tuple(OtherReviewer(person, credits[0].reviewer, tuple(credits)) for person, credits in people.items())

    def credits_named_for(self, person_id: int) -> tuple[Credit, ...]:
        """What the page names this person for (the approval, the latest confirmation, their other steps)."""
        named = [credit for credit in (*self.approvers, self.confirmed) if credit and credit.person_id == person_id]
        named += [credit for other in self.others if other.person_id == person_id for credit in other.credits]
        return tuple(sorted(named, key=lambda credit: credit.at))

    @property
    def reviewers(self) -> tuple[Reviewer, ...]:
        """Everyone credited, each once, in order of first acting."""
        people: dict[int, Reviewer] = {}
        for credit in self.credits:
            people.setdefault(credit.person_id, credit.reviewer)
        return tuple(people.values())


NO_ATTRIBUTION = Attribution(credits=())


def attribution_from_rows(transitions: list[dict], confirmations: list[dict]) -> Attribution:
    """The attribution from records read as dicts: ``id``, ``at``, ``action`` (transitions only) and
    ``PERSON_FIELDS``. ``at`` may be a datetime or the text a database's JSON functions write for one."""
    rows = [(row, _credited_as(row["action"])) for row in transitions if row["action"] in CREDITED_ACTIONS]
    rows += [(row, CONFIRM_CURRENT) for row in confirmations]
    acts = sorted(((moment(row["at"]), row["id"], action, row) for row, action in rows), key=lambda act: act[:2])
    credits: dict[tuple[int, str], Credit] = {}  # keeps the place of the first time; ``at`` becomes the last
    for at, _, action, row in acts:
        key = (row["person_id"], action)
        reviewer = credits[key].reviewer if key in credits else reviewer_from_row(row)
        credits[key] = Credit(row["person_id"], reviewer, action, at)
    return Attribution(credits=tuple(credits.values()))


def _credited_as(action: str) -> str:
    return APPROVE if action == QUORUM_APPROVE else action


def reviewer_from_row(row: dict) -> Reviewer:
    disclosure = _disclosed_from_row(row)
    if row["slug"] is not None:
        url = reverse("articles:board_member", args=[row["slug"]]) if row["listed"] else None
        return Reviewer(row["display_name"], row["credentials"], row["specialty"], url, disclosure)
    name = f"{row['first_name']} {row['last_name']}".strip() or row["username"]
    return Reviewer(name, "", "", None, disclosure)


def _disclosed_from_row(row: dict) -> Disclosed | None:
    """The person's latest disclosure, when the read asked for it (``disclosed_on``: a date, or JSON's text)."""
    declared_on = row.get("disclosed_on")
    if declared_on is None:
        return None
    parsed = parse_date(declared_on) if isinstance(declared_on, str) else declared_on
    return Disclosed(parsed, row.get("disclosed") or "")


def moment(value: datetime | str) -> datetime:
    """A stored moment, aware: JSON arrays carry datetimes as text (ISO 8601 on PostgreSQL, SQLite's own
    ``YYYY-MM-DD HH:MM:SS.ffffff`` in UTC on SQLite)."""
    parsed = parse_datetime(value) if isinstance(value, str) else value
    if parsed is None:
        raise ValueError(f"Not a stored date and time: {value!r}")
    return parsed if timezone.is_aware(parsed) else parsed.replace(tzinfo=UTC)
