"""The A to Z index: how many published articles start with each letter, kept as articles go public.

``editorial.services`` calls ``count_in`` when an article is published for the first time (or again after
a withdrawal) and ``count_out`` when it is withdrawn, inside the same transaction, so the index can never
lead or lag the public site. ``recount`` rebuilds it from the articles (the migration that created it,
``generate_corpus`` after writing in bulk); ``check_integrity`` compares it with ``counted_now``.
"""

from __future__ import annotations

from django.db.models import Count, F
from django.db.models.functions import Substr, Upper

from articles.models import Article, LetterCount


def letter_of(slug: str) -> str:
    return slug[:1].upper()


def count_in(slug: str) -> None:
    letter = letter_of(slug)
    LetterCount.objects.bulk_create([LetterCount(letter=letter)], ignore_conflicts=True)  # safe when racing
    LetterCount.objects.filter(letter=letter).update(published=F("published") + 1)  # row lock: no lost count


def count_out(slug: str) -> None:
    LetterCount.objects.filter(letter=letter_of(slug), published__gt=0).update(published=F("published") - 1)


def letter_counts() -> list[tuple[str, int]]:
    """Each first letter with published articles, and how many, in order."""
    return list(LetterCount.objects.filter(published__gt=0).values_list("letter", "published"))


def counted_now() -> list[tuple[str, int]]:
    """The same, counted from the articles (one grouped query over every published article)."""
    rows = (
        Article.objects.filter(published_revision__isnull=False)
        .order_by()
        .annotate(letter=Upper(Substr("slug", 1, 1)))
        .values("letter")
        .annotate(count=Count("*"))
        .order_by("letter")
    )
    return [(row["letter"], row["count"]) for row in rows]


def recount() -> None:
    counts = counted_now()
    LetterCount.objects.all().delete()
    LetterCount.objects.bulk_create([LetterCount(letter=letter, published=count) for letter, count in counts])
