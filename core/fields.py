"""Single-line text: titles, headings, labels, keys. A line break in one is refused on every write path.

A title with a line break breaks more than its looks: it became the subject of every email about its
revision, and Django refuses a header with a newline ("Header values can't contain newlines"), so each
of those emails failed. ``SingleLineCharField`` carries the refusal as a field validator, so the admin's
forms, the services' ``full_clean()`` and the importers' validation all refuse it with the same words.
"""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.db import models

SINGLE_LINE_MESSAGE = "Keep this to one line (it contains a line break)."

# Everything ``str.splitlines()`` breaks a line at: \n, \r, vertical tab, form feed, the file, group and
# record separators, NEL, and the Unicode line and paragraph separators.
LINE_BREAK = re.compile("[\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]")


def has_line_break(value) -> bool:
    return isinstance(value, str) and LINE_BREAK.search(value) is not None


def validate_single_line(value) -> None:
    """Refuse a value that holds a line break of any kind."""
    if has_line_break(value):
        raise ValidationError(SINGLE_LINE_MESSAGE, code="line_break")


def one_line(text: str) -> str:
    """``text`` with every run of whitespace, line breaks included, made one space (for headers, logs)."""
    return " ".join(str(text).split())


class SingleLineCharField(models.CharField):
    """A ``CharField`` that refuses line breaks (model validation: ``full_clean()`` and model forms).

    A form that is not a model form of the field's model asks for it itself:
    ``field.formfield(validators=[validate_single_line])``.

    To migrations it is a plain ``CharField``: the column is the same, a validator changes no schema,
    and a migration must not import application code (``tests/test_layers.py``). Swapping a field's
    class to this one therefore needs no migration.
    """

    default_validators = [validate_single_line]

    def deconstruct(self):
        name, _path, args, kwargs = super().deconstruct()
        return name, "django.db.models.CharField", args, kwargs
