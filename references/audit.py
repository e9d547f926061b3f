"""Guards that keep every content write inside django-simple-history.

This lives in the lowest app (``references`` imports nothing of ours) so that every app can use it
without breaking the one-way import rule ``editorial -> articles -> references``.
"""

from django.db import models
from simple_history.models import HistoricalRecords


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


def _read_only_history_form_view(self, request, object_id, version_id, extra_context=None):
    """History rows are shown, never reverted: refuse any POST to a history row's page."""
    from django.core.exceptions import PermissionDenied

    if request.method != "GET":
        raise PermissionDenied("History is read-only.")
    return self._history_form_view_get(request, object_id, version_id, extra_context)


def read_only_history(admin_class):
    """Class decorator for SimpleHistoryAdmin subclasses: the history detail page refuses POST."""
    admin_class._history_form_view_get = admin_class.history_form_view
    admin_class.history_form_view = _read_only_history_form_view
    return admin_class


class IndexedHistoricalRecords(HistoricalRecords):
    """History with an index for one object's rows, newest first: the admin's "History" page of an object.

    simple-history indexes ``history_date`` and the object id separately; for an object with many history
    rows (an article published 1,000 times) PostgreSQL then walks the whole date index backwards,
    filtering on the id (1.4 s at 100,000 articles). This index answers it directly.
    """

    def get_meta_options(self, model):
        options = super().get_meta_options(model)
        index = models.Index(
            fields=[model._meta.pk.attname, "-history_date", "-history_id"],
            name=f"{model._meta.model_name[:14]}_hist_object",
        )
        options["indexes"] = (*options.get("indexes", ()), index)
        return options
