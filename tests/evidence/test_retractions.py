"""import_retractions: malformed files import nothing; exactly the citing approved articles are flagged,
their editors emailed; the board's notice shows on the public page and goes with the next approval
(issue 17, point 3)."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from editorial import services
from editorial.errors import EvidenceError, WrongRoleError
from editorial.models import Notification, RetractionFlag
from editorial.services.evidence import retraction_notice_approve
from references.models import Reference
from tests.editorial.desk_helpers import sections_of
from tests.factories import ReferenceFactory, make_article, publish

HEADER = "Record ID,Title,RetractionDate,OriginalPaperDOI,OriginalPaperPubMedID,RetractionNature,Reason\n"
ROW = '1,"A trial",10/1/2026 0:00,10.5555/trial,0,Retraction,+Falsification/Fabrication of Data;\n'
PAGE = "/articles/cited/for/healthcare-professional/"


def import_file(tmp_path, text: str, user: str = "author"):
    path = tmp_path / "retractions.csv"
    path.write_bytes(text.encode() if isinstance(text, str) else text)
    out = StringIO()
    call_command("import_retractions", str(path), user=user, stdout=out, stderr=StringIO())
    return out.getvalue()


@pytest.fixture
def library(staff):
    """A trial cited by one approved article ("cited"), by one draft only, and an uncited source."""
    trial = ReferenceFactory(key="trial", doi="10.5555/trial")
    ReferenceFactory(key="other", pmid="123")
    cited = make_article(
        actor=staff.author,
        slug="cited",
        sections=[{"heading": "Treatment", "body": "Thiosulfate helps [@trial]. Wounds need care [@other]."}],
    )
    approved = publish(cited, editor=staff.author, reviewer=staff.reviewer)
    draft_only = make_article(actor=staff.author, slug="draft-only", sections=[{"heading": "T", "body": "[@trial]"}])
    return {"trial": trial, "approved": approved, "draft": draft_only}


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("DOI,Nature\n10.5555/trial,Retraction\n", "lacks the column(s) RetractionNature, RetractionDate"),
        (HEADER + ROW + '2,"B",someday,10.5555/trial,0,Retraction,x\n', "Line 3: the date 'someday' is not a date"),
        (HEADER + ROW + '2,"B",10/1/2026,not-a-doi,0,Retraction,x\n', "Line 3: 'not-a-doi' is not a DOI"),
        (HEADER + ROW + '2,"B",10/1/2026,,0,Retraction,x\n', "Line 3: the row names no paper"),
        (HEADER + ROW + '2,"B",10/1/2026,10.5555/x,0,Withdrawn maybe,x\n', "is not one of Retraction"),
        (HEADER, "holds no retraction records"),
        (b"\xff\xfe\x00\x00garbage" + b"\x81" * 20, "not"),
    ],
)
def test_a_malformed_file_imports_nothing_and_says_why(tmp_path, library, text, says):
    with pytest.raises(CommandError, match="Nothing was imported") as refused:
        import_file(tmp_path, text)
    assert says in str(refused.value)
    assert not Reference.objects.filter(retraction_status="retracted").exists()
    assert not RetractionFlag.objects.exists()


def test_the_import_flags_exactly_the_approved_articles_citing_the_source_and_emails_their_editors(
    tmp_path, staff, library, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        out = import_file(
            tmp_path, HEADER + ROW + '2,"Unknown",9/1/2026,10.5555/unknown,0,Retraction,x\n', user="chief"
        )
    assert "2 rows: 1 name a reference in the library, 1 changed; 1 approved article(s) flagged" in out
    trial = Reference.objects.get(key="trial")
    assert (trial.retraction_status, str(trial.retracted_on)) == ("retracted", "2026-10-01")
    assert trial.history.first().history_change_reason.startswith("Retraction 2026-10-01")
    (flag,) = RetractionFlag.objects.all()
    assert (flag.article.slug, flag.status) == ("cited", "open")  # not the draft that cites it too
    assert flag.sentences == "Thiosulfate helps [@trial]."  # the affected sentence, not its neighbour
    email = Notification.objects.get(event="retraction")
    assert email.recipient == staff.author and "[@trial]" in email.subject
    again = import_file(tmp_path, HEADER + ROW)  # the same file again changes nothing
    assert "0 changed; 0 approved article(s) flagged" in again and RetractionFlag.objects.count() == 1


def test_the_board_approved_notice_shows_until_the_next_approval(
    tmp_path, client, staff, library, django_capture_on_commit_callbacks
):
    page = client.get(PAGE).content.decode()
    assert "was retracted" not in page
    import_file(tmp_path, HEADER + ROW)
    assert "was retracted" not in client.get(PAGE).content.decode()  # flagged, the board has not spoken yet
    flag = RetractionFlag.objects.get()
    with pytest.raises(WrongRoleError):
        retraction_notice_approve(actor=staff.author, flag=flag)
    with django_capture_on_commit_callbacks(execute=True):
        retraction_notice_approve(actor=staff.reviewer, flag=flag)
    page = client.get(PAGE).content.decode()  # the cached page was retired on commit
    assert "Source 1</a>: This source was retracted on October 1, 2026; the board is reviewing this article." in page
    assert '"creativeWorkStatus":"Retracted on 2026-10-01"' in page
    with pytest.raises(EvidenceError, match="notice shown to readers"):
        retraction_notice_approve(actor=staff.reviewer, flag=flag)

    update = services.revision_start_new(actor=staff.second_editor, article=library["approved"].article)
    (treatment,) = sections_of(update)
    treatment["body"] = "Thiosulfate was thought to help [@trial]{retracted}. Wounds need care [@other]."
    update = services.revision_edit(
        actor=staff.second_editor, revision=update, expected_version=update.version, sections=[treatment]
    )
    with django_capture_on_commit_callbacks(execute=True):
        publish(update, editor=staff.second_editor, reviewer=staff.second_reviewer)
    page = client.get(PAGE).content.decode()
    assert "the board is reviewing this article" not in page
    assert '<span class="cited-retracted">retracted</span>' in page  # the text now says so itself
    assert RetractionFlag.objects.get().status == "resolved"


def test_submit_refuses_an_unmarked_retracted_source_and_accepts_a_marked_one(tmp_path, staff, library):
    import_file(tmp_path, HEADER + ROW)
    draft = library["draft"]
    with pytest.raises(EvidenceError, match=r"it cites \[@trial\], retracted.*curly brackets"):
        services.revision_submit(actor=staff.author, revision=draft)
    draft.refresh_from_db()
    assert draft.state == "draft"
    sections = sections_of(draft)
    sections[0]["body"] = "An early trial [@trial]{retracted} was later retracted."
    draft = services.revision_edit(
        actor=staff.author, revision=draft, expected_version=draft.version, sections=sections
    )
    assert services.revision_submit(actor=staff.author, revision=draft).state == "submitted"


def test_only_a_writer_imports_retractions(tmp_path, library):
    with pytest.raises(CommandError, match="Nothing was imported"):
        import_file(tmp_path, HEADER + ROW, user="reviewer")
    assert not Reference.objects.filter(retraction_status="retracted").exists()


def test_approve_refuses_a_source_retracted_after_the_submit_and_changes_nothing(tmp_path, staff, library):
    draft = library["draft"]
    services.revision_submit(actor=staff.author, revision=draft)  # before the retraction: accepted
    services.revision_start_review(actor=staff.reviewer, revision=draft)
    import_file(tmp_path, HEADER + ROW)
    before = services_state = (draft.__class__.objects.get(pk=draft.pk).state, RetractionFlag.objects.count())
    with pytest.raises(EvidenceError, match=r"cannot be approved: it cites \[@trial\], retracted since"):
        services.revision_approve(actor=staff.reviewer, revision=draft)
    assert (draft.__class__.objects.get(pk=draft.pk).state, RetractionFlag.objects.count()) == services_state
    assert before[0] == "under_review"


@pytest.mark.django_db
def test_the_demo_update_marks_the_retracted_trial_and_its_approval_resolves_the_notice(client):
    """The demo's update under review was written after the retraction: approving it publishes the citation
    marked "retracted" and ungraded, and the notice goes with the flag."""
    from django.contrib.auth.models import User

    from editorial.models import Revision
    from tests.articles.conftest import load_demo

    load_demo()
    update = Revision.objects.get(article__slug="calciphylaxis", state="under_review")
    services.revision_approve(actor=User.objects.get(username="board2"), revision=update, comment="Checked")
    assert not RetractionFlag.objects.filter(article__slug="calciphylaxis", status=RetractionFlag.Status.OPEN)
    page = client.get("/articles/calciphylaxis/for/healthcare-professional/").content.decode()
    assert "retraction-notice" not in page
    sentence = page.split("only randomised trial of it has since been retracted")[1].split("</li>")[0]
    assert 'class="cited-retracted"' in sentence and 'class="grade' not in sentence
