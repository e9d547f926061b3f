"""core/fields.py: single-line text fields refuse every kind of line break, and need no migration."""

import io

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import models

from core.fields import SINGLE_LINE_MESSAGE, SingleLineCharField, one_line, validate_single_line

OUR_APPS = ("articles", "editorial", "references")
LINE_BREAKS = ["\n", "\r", "\r\n", "\v", "\f", "\x1c", "\x1d", "\x1e", "\x85", "\u2028", "\u2029"]


@pytest.mark.parametrize("line_break", LINE_BREAKS, ids=repr)
def test_every_kind_of_line_break_is_refused(line_break):
    with pytest.raises(ValidationError) as refused:
        validate_single_line(f"What is{line_break}calciphylaxis?")
    assert refused.value.messages == [SINGLE_LINE_MESSAGE]
    assert refused.value.error_list[0].code == "line_break"


@pytest.mark.parametrize("text", ["What is calciphylaxis?", "", "Tab\tseparated", "Ünïcödé – dash", "  spaced  "])
def test_single_line_text_passes(text):
    validate_single_line(text)


def test_one_line_makes_any_whitespace_one_space():
    assert one_line("What is\r\ncalciphylaxis?\u2028 (update)\n") == "What is calciphylaxis? (update)"


# Fields with their own validators that already refuse line breaks (the next test checks they do).
OWN_VALIDATORS = (models.SlugField, models.EmailField, models.URLField)


def free_text_char_fields() -> list:
    """Every free-text CharField of our models: not chosen from a list, so people or files write it."""
    return [
        field
        for model in apps.get_models()
        if model._meta.app_label in OUR_APPS and not model.__name__.startswith("Historical")
        for field in model._meta.get_fields()
        if isinstance(field, models.CharField) and not field.choices and not isinstance(field, OWN_VALIDATORS)
    ]


def test_every_free_text_char_field_of_ours_is_single_line():
    """A title, heading, label or key is one line; a new CharField must be a SingleLineCharField too."""
    fields = free_text_char_fields()
    offenders = [f"{f.model._meta.label}.{f.name}" for f in fields if not isinstance(f, SingleLineCharField)]
    assert offenders == [], "Use core.fields.SingleLineCharField for these: " + ", ".join(offenders)
    names = {f"{f.model._meta.label}.{f.name}" for f in fields}
    assert {"editorial.Revision.title", "editorial.Section.heading", "references.Reference.title"} <= names
    assert {"articles.Audience.label", "articles.SitePage.title", "editorial.Notification.subject"} <= names


@pytest.mark.parametrize(
    "label, name, value",
    [
        ("articles.Article", "slug", "calciphylaxis\n"),
        ("articles.Audience", "slug", "patients\r\n"),
        ("references.Reference", "url", "https://example.org/\npage"),
        ("articles.ReaderReport", "email", "reader@example.org\n"),
    ],
)
def test_slug_email_and_url_fields_refuse_line_breaks_with_their_own_validators(label, name, value):
    with pytest.raises(ValidationError):
        apps.get_model(label)._meta.get_field(name).clean(value, None)


def test_the_single_line_fields_need_no_migration(db):
    """To migrations a SingleLineCharField is a CharField: swapping a field's class writes no migration."""
    out = io.StringIO()
    call_command("makemigrations", "--check", "--dry-run", stdout=out)  # exits non-zero on a missing migration
    assert "No changes detected" in out.getvalue()
