"""check_integrity passes on data the services wrote, and fails on data corrupted behind their back.

The corruption is done with raw SQL on purpose: our managers refuse ``update()`` and the models refuse
most bad saves, so raw SQL is how a bad restore, a hand edit or a bug elsewhere would do it.
"""

import pytest
from django.core.management import CommandError, call_command
from django.db import IntegrityError, connection, transaction

from articles.models import Article
from editorial import services
from editorial.integrity import find_violations
from editorial.models import Revision, TransitionRecord
from editorial.rules import State
from references.models import Reference
from tests.factories import ReferenceFactory, make_article, publish
from tests.security.conftest import fast_password_hashing  # noqa: F401 - autouse: the staff fixture hashes seven passwords

pytestmark = pytest.mark.corrupts_data  # every test here breaks the data to see the check fail


def raw(sql: str, *params) -> None:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


REVISION = Revision._meta.db_table
ARTICLE = Article._meta.db_table
RECORD = TransitionRecord._meta.db_table
REFERENCE = Reference._meta.db_table
INSERT_RECORD = (
    f"INSERT INTO {RECORD} (revision_id, article_id, action, from_state, to_state, actor_id, comment, created_at)"
)


@pytest.fixture
def library(staff):
    """Two published articles (one with a second, superseding revision), one in review, one draft, citations."""
    ReferenceFactory(key="nigwekar2015")
    first = publish(
        make_article(actor=staff.author, slug="calciphylaxis", summary="Rare [@nigwekar2015]."),
        editor=staff.author,
        reviewer=staff.reviewer,
    )
    second = services.revision_start_new(actor=staff.second_editor, article=first.article)
    second = publish(second, editor=staff.second_editor, reviewer=staff.second_reviewer)
    other = publish(make_article(actor=staff.author, slug="gout"), editor=staff.author, reviewer=staff.reviewer)
    in_review = services.revision_submit(actor=staff.author, revision=make_article(actor=staff.author, slug="lupus"))
    make_article(actor=staff.author, slug="draft", summary="Cites [@not-yet-in-library].")
    return {"first": first, "second": second, "other": other, "in_review": in_review}


def test_data_written_by_the_services_passes(library, capsys):
    assert find_violations() == []
    call_command("check_integrity")
    assert "no violations" in capsys.readouterr().out


def checks_failing() -> set[str]:
    with pytest.raises(CommandError):
        call_command("check_integrity")
    return {violation.check for violation in find_violations()}


def test_published_revision_that_is_not_approved_fails(library):
    raw(f"UPDATE {REVISION} SET state = %s WHERE id = %s", State.UNDER_REVIEW, library["second"].pk)
    assert "published" in checks_failing()


def test_article_publishing_another_articles_revision_fails(library):
    raw(f"UPDATE {ARTICLE} SET published_revision_id = NULL WHERE id = %s", library["other"].article_id)
    raw(
        f"UPDATE {ARTICLE} SET published_revision_id = %s WHERE id = %s",
        library["other"].pk,
        library["second"].article_id,
    )
    violations = [str(v) for v in find_violations()]
    assert any("of another article" in v for v in violations)
    assert any("approved but not published" in v for v in violations)


def test_a_second_approved_revision_is_refused_by_the_database_itself(library):
    with pytest.raises(IntegrityError), transaction.atomic():
        raw(f"UPDATE {REVISION} SET state = %s WHERE id = %s", State.APPROVED, library["first"].pk)


def test_missing_workflow_record_breaks_the_chain(library):
    start_review = TransitionRecord.objects.get(revision=library["in_review"], action="submit")
    raw(f"DELETE FROM {RECORD} WHERE id = %s", start_review.pk)
    assert "audit" in checks_failing()


def test_state_changed_without_audit_or_history_fails(library):
    raw(f"UPDATE {REVISION} SET state = %s WHERE id = %s", State.REJECTED, library["in_review"].pk)
    violations = [str(v) for v in find_violations()]
    assert any("last record ends in submitted" in v for v in violations)
    assert any("latest history row does not match" in v for v in violations)


def test_forged_audit_steps_the_state_history_never_saw_fail(library):
    # A recall and a re-submit that look valid step by step and end where the revision is, yet never happened.
    for action, from_state, to_state in (("recall", "submitted", "draft"), ("submit", "draft", "submitted")):
        raw(
            INSERT_RECORD + f" SELECT revision_id, article_id, %s, %s, %s, actor_id, '', created_at FROM {RECORD}"
            " WHERE revision_id = %s AND action = 'submit' ORDER BY id LIMIT 1",
            action,
            from_state,
            to_state,
            library["in_review"].pk,
        )
    assert checks_failing() == {"history"}


def test_audit_record_that_is_no_workflow_step_fails(library):
    raw(
        INSERT_RECORD
        + " SELECT revision_id, article_id, 'approve', 'submitted', 'submitted', actor_id, '', created_at"
        + f" FROM {RECORD}"
        " WHERE revision_id = %s AND action = 'submit'",
        library["in_review"].pk,
    )
    assert "audit" in checks_failing()


def test_content_changed_without_history_fails(library):
    raw(f"UPDATE {REVISION} SET title = %s WHERE id = %s", "Quietly changed?", library["second"].pk)
    assert "history" in checks_failing()


def test_cited_key_that_no_longer_resolves_fails(library):
    raw(f"UPDATE {REFERENCE} SET key = %s WHERE key = %s", "renamed2015", "nigwekar2015")
    violations = [str(v) for v in find_violations()]
    assert any("cites unknown keys nigwekar2015" in v for v in violations)


def test_drafts_may_cite_keys_not_yet_in_the_library(library):
    assert not any("draft" in v.subject for v in find_violations())


@pytest.mark.parametrize("field", ["headline", "plain_headline", "also_called"])
def test_text_changed_behind_historys_back_fails_for_every_reviewed_field(library, field):
    raw(f"UPDATE {REVISION} SET {field} = %s WHERE id = %s", "Changed by hand", library["first"].pk)  # noqa: S608
    assert any("latest history row does not match" in str(v) for v in find_violations())
