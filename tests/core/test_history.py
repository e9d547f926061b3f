"""core/history.py: bulk writes that would skip history are refused; saving and deleting name who and why."""

import pytest

from articles.models import Article
from core.history import HistoryBypassError, delete_with_history, save_with_history
from references.models import Reference
from tests.factories import ReferenceFactory


@pytest.mark.parametrize("model", [Article, Reference])
def test_queryset_update_is_refused_on_history_tracked_models(db, model):
    with pytest.raises(HistoryBypassError, match=r"objects.update\(\) would change rows without writing history"):
        model.objects.all().update(pk=1)


def test_save_with_history_records_the_actor_and_a_reason_cut_to_the_column(staff):
    reference = ReferenceFactory(key="history2020")
    reference.title = "Corrected title"
    save_with_history(reference, actor=staff.author, reason="Corrected " + "x" * 200)
    row = reference.history.order_by("-history_id").first()
    assert (row.history_user, row.title, row.history_type) == (staff.author, "Corrected title", "~")
    assert len(row.history_change_reason) == 100 and row.history_change_reason.startswith("Corrected x")


def test_delete_with_history_leaves_a_row_naming_who_deleted_it(staff):
    reference = ReferenceFactory(key="deleted2020")
    pk = reference.pk
    delete_with_history(reference, actor=staff.chief, reason="Duplicate")
    row = Reference.history.filter(id=pk).order_by("-history_id").first()
    assert (row.history_type, row.history_user, row.history_change_reason) == ("-", staff.chief, "Duplicate")
