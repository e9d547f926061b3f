import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.core.serializers.json import DjangoJSONEncoder

from articles.models import Article
from core.texts import REVISION_TEXT_FIELDS, SECTION_TEXT_FIELDS
from editorial.models import Revision, Section
from references.citations import cited_keys
from references.models import Reference

FORMAT = "vetted-article-export/1"


def _rows(queryset) -> list[dict]:
    return list(queryset.values())


def export_article(article: Article) -> dict:
    """One article with every revision, section, workflow record, pinned and cited reference, and history row."""
    revisions = Revision.objects.filter(article=article).order_by("number")
    sections = Section.objects.filter(revision__article=article)
    keys: list[str] = []
    exported_revisions = []
    for revision in revisions:
        texts = [getattr(revision, name) for name in REVISION_TEXT_FIELDS]
        revision_sections = [s for s in sections if s.revision_id == revision.pk]
        for section in revision_sections:
            texts += [getattr(section, name) for name in SECTION_TEXT_FIELDS]
        keys += [key for key in cited_keys(texts) if key not in keys]
        exported_revisions.append(
            {
                **Revision.objects.filter(pk=revision.pk).values().get(),
                "sections": _rows(sections.filter(revision=revision).order_by("position", "pk")),
                "transitions": _rows(revision.transitions.order_by("created_at", "pk")),
                "cited_references": _rows(revision.cited_references.order_by("key")),
            }
        )
    return {
        "format": FORMAT,
        "article": Article.objects.filter(pk=article.pk).values().get(),
        "revisions": exported_revisions,
        "references": _rows(Reference.objects.filter(key__in=keys).order_by("key")),
        "history": {
            "article": _rows(Article.history.filter(id=article.pk).order_by("history_id")),
            "revisions": _rows(Revision.history.filter(article_id=article.pk).order_by("history_id")),
            "sections": _rows(Section.history.filter(revision__article_id=article.pk).order_by("history_id")),
            "references": _rows(Reference.history.filter(key__in=keys).order_by("history_id")),
        },
    }


class Command(BaseCommand):
    help = "Write one article (all revisions, sections, workflow records, references and history) as JSON."

    def add_arguments(self, parser):
        parser.add_argument("slug")
        parser.add_argument("--output", "-o", help="File to write (default: standard output).")

    def handle(self, *args, slug: str, output: str | None = None, **options):
        article = Article.objects.filter(slug=slug).first()
        if article is None:
            raise CommandError(f"No article with the slug {slug!r}.")
        text = json.dumps(export_article(article), cls=DjangoJSONEncoder, indent=2, ensure_ascii=False)
        if output:
            Path(output).write_text(text + "\n", encoding="utf-8")
            self.stderr.write(f"Wrote {output}")
        else:
            self.stdout.write(text)
