"""The review desk's admin pages: comparison, comment threads, assignment, periodic review, dashboard.

Thin views: read the request, call a service or a selector, show a message, redirect. Permission
questions are answered by ``editorial.permissions``; the services check again.
"""

from __future__ import annotations

from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.http import Http404, HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme

from articles.models import Article
from editorial import compare, comparison_bases, permissions, readability, selectors, services, stats
from editorial.errors import COMMENT_TARGET_MESSAGE, DESK_ROLE_MESSAGE, CommentError, WorkflowError
from editorial.models import ReviewComment, Revision, Section
from references.models import Reference


def _int(value) -> int | None:
    """A form value as a primary key, or None when it is missing, not a number or beyond the database's integers."""
    if isinstance(value, str) and value.isascii() and value.isdigit() and int(value) < 2**63:
        return int(value)
    return None


def _of_revision(model, value: str | None, revision: Revision):
    """The section or comment of ``revision`` a form field names by id, or None when the field is empty. An id
    that names none of the revision's (malformed, unknown, another revision's) is refused, so a comment meant
    for one section never lands silently on the whole revision."""
    if not value:
        return None
    found = model.objects.filter(pk=_int(value), revision=revision).first() if _int(value) else None
    if found is None:
        raise CommentError(COMMENT_TARGET_MESSAGE)
    return found


def _context(request, **extra) -> dict:
    return {**admin.site.each_context(request), **extra}


def _back(request, default: str) -> HttpResponseRedirect:
    target = request.POST.get("next") or request.GET.get("next") or default
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = default
    return HttpResponseRedirect(target)


def _refuse(request) -> HttpResponseRedirect:
    messages.error(request, DESK_ROLE_MESSAGE)
    return HttpResponseRedirect(reverse("admin:index"))


def review_desk_context(request, revision: Revision) -> dict:
    """What the revision page adds: comparison summary, threads, assignment, readability."""
    base = comparison_bases.default_base(revision)
    comparison = compare.compare_revisions(base, revision)
    threads = selectors.thread_list(revision, request.user)
    assignment = selectors.current_assignment(revision)
    grades = readability.revision_readability(revision)
    return {
        "desk_base": base,
        "desk_base_label": comparison_bases.describe_base(base, revision),
        "desk_comparison": comparison,
        "desk_base_choices": comparison_bases.base_choices(revision),
        "desk_threads": threads,
        "desk_open_count": sum(1 for t in threads if t.resolved_at is None),
        "desk_may_comment": permissions.allowed(request.user, "comment", revision),
        "desk_may_approve": permissions.allowed(request.user, "approve", revision),
        "desk_sections": list(revision.sections.all()),
        "desk_assignment": assignment,
        "desk_may_assign": permissions.allowed(request.user, "assign", revision),
        "desk_assignable": selectors.assignable_reviewers(revision),
        "desk_readability": grades,
        "desk_readability_target": readability.target_grade(),
    }


def compare_view(request, pk: int):
    if not permissions.allowed(request.user, "use_desk"):
        return _refuse(request)
    revision = get_object_or_404(Revision.objects.select_related("article", "author"), pk=pk)
    try:
        base = comparison_bases.base_from_choice(revision, request.GET.get("against"))
    except comparison_bases.UnknownBase as unknown:
        raise Http404("No such revision or review decision to compare with.") from unknown
    comparison = compare.compare_revisions(base, revision)
    keys = comparison.sources_added + comparison.sources_removed
    titles = dict(Reference.objects.filter(key__in=keys).values_list("key", "title"))
    return TemplateResponse(
        request,
        "admin/editorial/compare.html",
        _context(
            request,
            title=f"Compare revision {revision.number} of {revision.article.slug}",
            revision=revision,
            base=base,
            base_label=comparison_bases.describe_base(base, revision),
            base_choice=comparison_bases.base_choice(base),
            comparison=comparison,
            sources_added=[(key, titles.get(key, "")) for key in comparison.sources_added],
            sources_removed=[(key, titles.get(key, "")) for key in comparison.sources_removed],
            base_choices=comparison_bases.base_choices(revision),
            may_comment=permissions.allowed(request.user, "comment", revision),
            threads=selectors.thread_list(revision, request.user),
            view="source" if request.GET.get("view") == "source" else "rendered",
        ),
    )


def comment_add_view(request, pk: int):
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    revision = get_object_or_404(Revision, pk=pk)
    default = reverse("admin:editorial_revision_change", args=[pk]) + "#review-comments"
    try:
        parent = _of_revision(ReviewComment, request.POST.get("parent"), revision)
        services.review_comment_add(
            actor=request.user,
            revision=revision,
            body=request.POST.get("body", ""),
            section=_of_revision(Section, request.POST.get("section"), revision),
            quote=request.POST.get("quote", ""),
            parent=parent,
        )
    except WorkflowError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, "Reply added." if parent else "Comment added.")
    return _back(request, default)


def comment_resolve_view(request, pk: int):
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    comment = get_object_or_404(ReviewComment, pk=pk)
    default = reverse("admin:editorial_revision_change", args=[comment.revision_id]) + "#review-comments"
    try:
        services.review_comment_resolve(actor=request.user, comment=comment)
    except WorkflowError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, "Thread resolved.")
    return _back(request, default)


def assign_view(request, pk: int):
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    revision = get_object_or_404(Revision, pk=pk)
    reviewer = get_user_model().objects.filter(pk=_int(request.POST.get("reviewer"))).first()
    default = reverse("admin:editorial_revision_change", args=[pk])
    if reviewer is None:
        messages.error(request, "Choose a board member to assign.")
        return _back(request, default)
    try:
        services.revision_assign(actor=request.user, revision=revision, reviewer=reviewer)
    except WorkflowError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"Revision {revision.number} assigned to {reviewer.get_full_name() or reviewer}.")
    return _back(request, default)


def confirm_current_view(request, pk: int):
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    article = get_object_or_404(Article, pk=pk)
    default = reverse("admin:articles_article_change", args=[pk])
    try:
        review = services.article_confirm_current(
            actor=request.user, article=article, comment=request.POST.get("comment", "")
        )
    except WorkflowError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"Recorded: {article.slug} is current; next review due {review.next_review_due}.")
    return _back(request, default)


def review_due_view(request):
    if not permissions.allowed(request.user, "use_desk"):
        return _refuse(request)
    articles = selectors.articles_due_for_review()
    return TemplateResponse(
        request,
        "admin/editorial/review_due.html",
        _context(request, title="Due for review", articles=articles),
    )


def dashboard_view(request):
    try:
        permissions.check(request.user, "dashboard")
    except WorkflowError as error:
        messages.error(request, str(error))
        return HttpResponseRedirect(reverse("admin:index"))
    data = stats.dashboard()
    data["board"] = {"disclosures_due": selectors.disclosures_due(), **selectors.safety_deadlines()}
    return TemplateResponse(
        request, "admin/editorial/dashboard.html", _context(request, title="Review dashboard", **data)
    )
