"""The base of the audit trail's records: created once, never changed or deleted through the app."""

from django.db import models

from core.history import HistoryGuardedQuerySet
from editorial.errors import ImmutableRevisionError


class TransitionRecordQuerySet(HistoryGuardedQuerySet):
    def delete(self):
        raise ImmutableRevisionError("The audit trail cannot be deleted.")


class WriteOnceModel(models.Model):
    """A record of the audit trail: created once, never changed or deleted through the app."""

    changed_message = "Audit records are written once and never changed."
    deleted_message = "The audit trail cannot be deleted."

    objects = TransitionRecordQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ImmutableRevisionError(self.changed_message)
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ImmutableRevisionError(self.deleted_message)
