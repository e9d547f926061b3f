"""Factories and the named staff of the test suite (one per role)."""

import factory
from django.contrib.auth.models import Group, User
from django.core.cache import caches

from ask.retrieval import forget_indexes
from editorial import services
from editorial.rules import Role
from pagecache.watch import forget_everywhere
from references.models import Reference, ReferenceType

PASSWORD = "correct-horse-battery-staple"


def make_user(username: str, *roles: str, superuser: bool = False, **extra) -> User:
    user = User.objects.create_user(
        username=username,
        password=PASSWORD,
        email=f"{username}@vetted.test",
        is_staff=True,
        is_superuser=superuser,
        **extra,
    )
    for role in roles:
        user.groups.add(Group.objects.get(name=role))
    return user


class ReferenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Reference
        django_get_or_create = ("key",)

    key = factory.Sequence(lambda n: f"ref{n}")
    type = ReferenceType.RESEARCH
    title = factory.Sequence(lambda n: f"A study of calcification, part {n}")
    authors = "Nigwekar SU\nThadhani R"
    container = "Journal of Renal Studies"
    year = 2015


def make_article(*, actor, slug="calciphylaxis", title="What is calciphylaxis?", sections=None, **fields):
    """An article with a draft revision 1 and, by default, two sections."""
    if sections is None:
        sections = [
            {"heading": "Causes", "body": "Calcium builds up in small vessels.", "plain_body": "Calcium builds up."},
            {"heading": "Treatment", "body": "Sodium thiosulfate is used.", "plain_body": "A medicine helps."},
        ]
    return services.article_create(
        actor=actor,
        slug=slug,
        title=title,
        summary=fields.pop("summary", "A rare disease of small blood vessels."),
        sections=sections,
        **fields,
    )


def publish(revision, *, editor, reviewer):
    """Walk a draft to Approved through the services, as the real roles would."""
    revision = services.revision_submit(actor=editor, revision=revision)
    revision = services.revision_start_review(actor=reviewer, revision=revision)
    return services.revision_approve(actor=reviewer, revision=revision)


def publish_new_title(staff, article, title):
    """A new revision of a published article, with a new title, approved (it supersedes the published one)."""
    draft = services.revision_start_new(actor=staff.second_editor, article=article)
    draft = services.revision_edit(actor=staff.second_editor, revision=draft, expected_version=1, title=title)
    return publish(draft, editor=staff.second_editor, reviewer=staff.reviewer)


def published_pair(staff):
    """Two published articles, calciphylaxis and "other", each approved by a different board member."""
    first = publish(make_article(actor=staff.author), editor=staff.author, reviewer=staff.reviewer)
    second = publish(
        make_article(actor=staff.author, slug="other", title="Other question?"),
        editor=staff.author,
        reviewer=staff.second_reviewer,
    )
    return first.article, second.article


__all__ = [
    "PASSWORD",
    "ReferenceFactory",
    "Role",
    "make_article",
    "make_user",
    "publish",
    "publish_new_title",
    "published_pair",
]


def clear_caches() -> None:
    """Every cache the site uses (rendered revisions, page tokens, each process's pages): a cold start."""
    for alias in ("default", "tokens", "pages"):
        caches[alias].clear()
    forget_everywhere()  # this process's copy of the tokens (with Redis) goes with them
    forget_indexes()  # and the question box's passage indexes (ask.retrieval)
