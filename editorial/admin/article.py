"""The article screen: "Add article" (an article and its first draft), its revisions, "Start a new revision".

"Start a new revision" is offered only when it can succeed: while a revision is open the page names it
instead. The editor-in-chief withdraws the published revision from here too (through the revision's
workflow step, which asks for confirmation).
"""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import OuterRef, Subquery
from django.http import Http404, HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import path, reverse

from articles.models import Article
from core.admin import PolicyAdmin
from core.fields import validate_single_line
from core.pagination import LargeTableAdminMixin
from editorial import permissions, selectors, services
from editorial.admin import workflow
from editorial.admin.audit import RECENT_LIMIT, ArticleTransitionInline
from editorial.admin.bibliography import bibliography_response
from editorial.errors import OPEN_REVISION_EXISTS_MESSAGE, WorkflowError
from editorial.models import Revision
from editorial.rules import State, WithdrawalReason


class ArticleCreateForm(forms.ModelForm):
    """The "Add article" form: the question, its address (filled from the question as it is typed), the summary."""

    # The revision's own field (its length and help text), refusing line breaks as the revision will.
    title = Revision._meta.get_field("title").formfield(
        validators=[validate_single_line], widget=forms.TextInput(attrs={"class": "vTextField"})
    )
    summary = forms.CharField(widget=forms.Textarea, help_text="Markdown; cite sources as [@key].")

    class Meta:
        model = Article
        fields = ("title", "slug", "summary")
        help_texts = {
            "slug": "The public address: /articles/&lt;slug&gt;/. Filled from the question as you type it "
            "(the topic, without “What is”); change it if you like. Letters, digits and hyphens."
        }

    class Media:
        js = ("vetted/article-slug.js",)  # a static file: the CSP allows no inline script


latest_revision = Revision.objects.filter(article=OuterRef("pk")).order_by("-number")


@admin.register(Article)
class ArticleAdmin(LargeTableAdminMixin, PolicyAdmin):
    list_display = ("slug", "current_title", "published_number", "latest_state", "next_review_due")
    search_fields = ("slug",)
    list_select_related = ("published_revision",)
    change_form_template = "admin/articles/article/change_form.html"
    inlines = [ArticleTransitionInline]
    readonly_fields = ("slug", "published_revision", "published_at", "last_reviewed_at", "next_review_due")

    def view_on_site(self, article):
        """The "View on site" link, only while readers can see the article: a withdrawn or never published
        article's address answers 410 or 404, and the link would send the editor to a page that is gone."""
        return article.get_absolute_url() if article.published_revision_id else None

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                latest_title=Subquery(latest_revision.values("title")[:1]),
                latest_state=Subquery(latest_revision.values("state")[:1]),
            )
        )

    @admin.display(description="title")
    def current_title(self, article):
        return article.published_revision.title if article.published_revision else article.latest_title

    @admin.display(description="published revision")
    def published_number(self, article):
        return article.published_revision.number if article.published_revision else "—"

    @admin.display(description="latest revision state")
    def latest_state(self, article):
        return State(article.latest_state).label if article.latest_state else "—"

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is None:
            kwargs["form"] = ArticleCreateForm
        return super().get_form(request, obj, change, **kwargs)

    def get_fields(self, request, obj=None):
        if obj is None:
            return ("title", "slug", "summary")
        return ("slug", "review_interval_months", "topics", "approvals_required", *self.readonly_fields[1:])

    def get_readonly_fields(self, request, obj=None):
        return () if obj is None else self.readonly_fields

    def get_inlines(self, request, obj):
        return self.inlines if obj is not None else []

    def save_model(self, request, obj, form, change):
        if change:
            services.article_set_review_interval(
                actor=request.user, article=obj, months=form.cleaned_data["review_interval_months"]
            )
            services.article_set_board_rules(
                actor=request.user,
                article=obj,
                topics=form.cleaned_data["topics"],
                approvals_required=form.cleaned_data["approvals_required"],
            )
            return
        with transaction.atomic():
            revision = services.article_create(
                actor=request.user,
                slug=form.cleaned_data["slug"],
                title=form.cleaned_data["title"],
                summary=form.cleaned_data["summary"],
            )
        form.instance = revision.article
        obj.pk = revision.article.pk
        request._vetted_new_revision = revision

    def response_add(self, request, obj, post_url_continue=None):
        revision = request._vetted_new_revision
        messages.success(request, "Article created with draft revision 1. Add sections, then submit it for review.")
        return HttpResponseRedirect(reverse("admin:editorial_revision_change", args=[revision.pk]))

    def get_urls(self):
        custom = [
            path(
                "<int:pk>/new-revision/",
                self.admin_site.admin_view(self.new_revision_view),
                name="articles_article_new_revision",
            ),
            path(
                "<int:pk>/bibliography.<str:fmt>",
                self.admin_site.admin_view(self.bibliography_view),
                name="articles_article_bibliography",
            ),
        ]
        return custom + super().get_urls()

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = extra_context or {}
        article = self.get_object(request, object_id)
        if article is not None:
            revisions = article.revisions.select_related("author").order_by("-number")
            extra_context["revisions"] = revisions[:RECENT_LIMIT]
            extra_context["revision_count"] = revisions.count()
            open_revision = selectors.open_revision(article)
            extra_context["open_revision"] = open_revision
            extra_context["may_start_revision"] = open_revision is None and permissions.allowed(request.user, "write")
            if open_revision is not None:
                extra_context["open_revision_message"] = OPEN_REVISION_EXISTS_MESSAGE.format(
                    number=open_revision.number, state=open_revision.get_state_display().lower()
                )
            published = article.published_revision
            extra_context["may_withdraw"] = published is not None and permissions.allowed(
                request.user, "withdraw", published
            )
            extra_context["withdrawal_reasons"] = WithdrawalReason.choices
            if extra_context["may_withdraw"]:  # a reason typed before a refusal or a cancelled confirmation
                extra_context["withdraw_comment"] = workflow.take_kept_comment(request, published.pk)
            extra_context["may_confirm_current"] = permissions.allowed(request.user, "confirm_current", article)
            extra_context["article_reviews"] = article.reviews.select_related("reviewer", "revision")[:20]
        return super().change_view(request, object_id, form_url, extra_context)

    def bibliography_view(self, request, pk: int, fmt: str):
        """The article's bibliography as readers see it: the published revision's, else the latest."""
        article = get_object_or_404(Article, pk=pk)
        if not self.has_view_or_change_permission(request, article):
            raise PermissionDenied
        revision = article.published_revision or article.revisions.order_by("-number").first()
        if revision is None:
            raise Http404("This article has no revision yet.")
        return bibliography_response(revision, fmt)

    def new_revision_view(self, request, pk: int):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        article = get_object_or_404(Article, pk=pk)
        try:
            revision = services.revision_start_new(
                actor=request.user, article=article, change_note=request.POST.get("change_note", "")
            )
        except (WorkflowError, ValidationError) as error:
            messages.error(request, str(error))
            return HttpResponseRedirect(reverse("admin:articles_article_change", args=[pk]))
        messages.success(request, f"Revision {revision.number} started as a copy; the approved one stays public.")
        return HttpResponseRedirect(reverse("admin:editorial_revision_change", args=[revision.pk]))
