"""Guards that keep every content write inside django-simple-history.

This lives in the lowest app (``references`` imports nothing of ours) so that every app can use it
without breaking the one-way import rule ``editorial -> articles -> references``.
"""

from django.db import models


class HistoryBypassError(RuntimeError):
    """Raised when code tries a bulk write that would leave no history row."""


BULK_UPDATE_MESSAGE = (
    "{model}.objects.update() would change rows without writing history. "
    "Save each instance (or use simple_history.utils.bulk_update_with_history)."
)


class HistoryGuardedQuerySet(models.QuerySet):
    """A queryset whose ``update()`` refuses to run: it would bypass the audit trail."""

    def update(self, **kwargs):
        raise HistoryBypassError(BULK_UPDATE_MESSAGE.format(model=self.model.__name__))

    update.queryset_only = True
