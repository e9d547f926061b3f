"""The article page's one-row query parts: related rows as JSON arrays in the article's own row.

Each function gives a subquery (``JSON_GROUP_ARRAY`` on SQLite, ``JSONB_AGG`` on PostgreSQL), so the page's
credits, disclosures and retraction notices come with the article in one query (``articles.selectors``).
"""

from __future__ import annotations

from django.db.models import Aggregate, IntegerField, JSONField, OuterRef, QuerySet, Subquery, Value
from django.db.models.functions import JSONObject

from articles.attribution import CREDITED_ACTIONS, PERSON_FIELDS
from articles.models import Article, Disclosure


class JSONList(Aggregate):
    """The rows' values as one JSON array: ``JSONB_AGG`` on PostgreSQL, ``JSON_GROUP_ARRAY`` on SQLite."""

    function = "JSONB_AGG"
    output_field = JSONField()

    def as_sqlite(self, compiler, connection, **extra_context):
        return super().as_sql(compiler, connection, function="JSON_GROUP_ARRAY", **extra_context)


def json_list(queryset: QuerySet, **fields: str) -> Subquery:
    """A subquery giving ``queryset``'s rows as one JSON array of objects (key: field path); NULL if none."""
    whole = queryset.order_by().annotate(whole=Value(1, IntegerField())).values("whole")  # no GROUP BY
    return Subquery(whole.annotate(items=JSONList(JSONObject(**fields))).values("items"), output_field=JSONField())


def credit_lists(revision_id) -> dict[str, Subquery]:
    """The revision's credited review records as two JSON arrays (``articles.attribution``'s rows): its
    review steps (``TransitionRecord``) and the confirmations that it is still current (``ArticleReview``)."""
    revision = Article._meta.get_field("published_revision").related_model
    transitions = revision._meta.get_field("transitions").related_model.objects
    confirmations = revision._meta.get_field("currency_reviews").related_model.objects
    return {
        "transition_items": json_list(
            transitions.filter(revision_id=revision_id, action__in=CREDITED_ACTIONS),
            id="pk",
            at="created_at",
            action="action",
            **{key: f"actor__{path}" for key, path in PERSON_FIELDS.items()},
            **latest_disclosure("actor_id"),
        ),
        "confirmation_items": json_list(
            confirmations.filter(revision_id=revision_id),
            id="pk",
            at="reviewed_at",
            **{key: f"reviewer__{path}" for key, path in PERSON_FIELDS.items()},
            **latest_disclosure("reviewer_id"),
        ),
    }


def latest_disclosure(person: str) -> dict[str, Subquery]:
    """Each credited person's latest disclosure (issue 18), in the same row: the page stays one query."""
    latest = Disclosure.objects.filter(member_id=OuterRef(person)).order_by("-declared_on", "-id")
    return {
        "disclosed_on": Subquery(latest.values("declared_on")[:1]),
        "disclosed": Subquery(latest.values("interests")[:1]),
    }


def retraction_list(article_id) -> Subquery:
    """The retraction notices the board approved for the article (``editorial.RetractionFlag``, reached
    through the relation: articles does not import editorial), as one JSON array in the page's row."""
    flags = Article._meta.get_field("retraction_flags").related_model.objects
    return json_list(
        flags.filter(article_id=article_id, status="notice_shown").order_by("reference__key"),
        key="reference__key",
        retracted_on="reference__retracted_on",
    )
