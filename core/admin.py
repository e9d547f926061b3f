"""Admin pieces every app shares: read-only audit screens and admins that ask the one policy.

``PolicyAdmin`` answers the admin's ``has_*_permission`` questions, and guards django-simple-history's
history and revert pages, through ``core.policy.allowed``. Hiding a button is not a guard: the history
page of an object used to accept a POST (a revert, which saves the object) from anyone who could view
it. Reverting is a write like any other and needs the policy's "revert". Their forms show our models'
help texts as the plain text they are (``plain_help_texts``).
"""

from __future__ import annotations

from django import forms
from django.contrib.admin.utils import flatten_fieldsets, unquote
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseBadRequest
from django.utils.html import escape
from simple_history.admin import SimpleHistoryAdmin

from core.history import StaleEditError, latest_history_id, refuse_stale_edit
from core.policy import allowed

NUMBER_TOO_LARGE_MESSAGE = "A number in this address or form is too large to be an id here. Nothing was changed."

REVERT_REFUSED_MESSAGE = "History is read-only here: you may not revert this object."


def plain_help_texts(model, form) -> dict[str, str]:
    """The help texts of ``model``'s fields, HTML-escaped, with those ``form``'s Meta declares as written.

    Our models' help texts are plain text ("The public address: /articles/<slug>/"), but Django's admin
    renders help text as HTML, so "<slug>" vanished as an unknown tag and the page read "/articles//".
    """
    texts = {}
    for field in model._meta.get_fields():
        help_text = getattr(field, "help_text", "")
        if help_text:
            texts[field.name] = escape(help_text)
    declared = getattr(getattr(form, "_meta", None), "help_texts", None) or {}
    return {**texts, **declared}


class RefusesHugeIds:
    """A list filter or an action's selection naming an id past the database's integers is bad input: SQLite
    refuses to bind such a number (OverflowError) while the list counts its rows or an action reads them,
    before anything is written. Say so with a 400 rather than a server error (PostgreSQL finds nothing)."""

    def changelist_view(self, request, extra_context=None):
        try:
            return super().changelist_view(request, extra_context)
        except OverflowError:
            return HttpResponseBadRequest(NUMBER_TOO_LARGE_MESSAGE, content_type="text/plain; charset=utf-8")


class ReadOnlyAuditMixin(RefusesHugeIds):
    """History and audit records are shown (to whom the policy lets view them), never edited or deleted."""

    def has_module_permission(self, request):
        return allowed(request.user, "view", self.model)

    def has_view_permission(self, request, obj=None):
        return allowed(request.user, "view", self.model)

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class SeenHistoryForm(forms.ModelForm):
    """A change form that remembers the history row it was opened on, and refuses a save on an older one.

    Without it the later of two saves of one page silently wrote back every value its page had loaded,
    undoing the earlier save. The row is locked while it is compared, and the admin's change view runs in
    one transaction, so no save slips in between the check and this one.
    """

    seen_history = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None and not self.is_bound:
            self.fields["seen_history"].initial = latest_history_id(self.instance)

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk is not None:
            locked = type(self.instance)._default_manager.select_for_update().get(pk=self.instance.pk)
            try:
                refuse_stale_edit(locked, cleaned.get("seen_history"))
            except StaleEditError as error:
                raise forms.ValidationError(error.messages, code="stale") from error
        return cleaned


class PolicyAdmin(RefusesHugeIds, SimpleHistoryAdmin):
    """A history-keeping ModelAdmin whose every permission question goes to the policy."""

    # Its change form carries the history row it was opened on (SeenHistoryForm); False where the admin
    # guards stale saves its own way (a revision carries its version).
    guards_stale_edits = True

    def _target(self, obj):
        return obj if obj is not None else self.model

    def _guards_stale_edit(self, request, obj) -> bool:
        return self.guards_stale_edits and obj is not None and self.has_change_permission(request, obj)

    def get_form(self, request, obj=None, change=False, **kwargs):
        kwargs.setdefault("help_texts", plain_help_texts(self.model, kwargs.get("form", self.form)))
        if self._guards_stale_edit(request, obj) and "form" not in kwargs:
            kwargs["form"] = type(self.form.__name__, (SeenHistoryForm, self.form), {})
        return super().get_form(request, obj, change, **kwargs)

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if self._guards_stale_edit(request, obj) and "seen_history" not in flatten_fieldsets(fieldsets):
            fieldsets = [*fieldsets, (None, {"fields": ("seen_history",)})]
        return fieldsets

    def has_module_permission(self, request):
        return allowed(request.user, "view", self.model)

    def has_view_permission(self, request, obj=None):
        return allowed(request.user, "view", self._target(obj))

    def has_add_permission(self, request):
        return allowed(request.user, "add", self.model)

    def has_change_permission(self, request, obj=None):
        return allowed(request.user, "change", self._target(obj))

    def has_delete_permission(self, request, obj=None):
        return allowed(request.user, "delete", self._target(obj))

    def has_view_history_permission(self, request, obj=None):
        return allowed(request.user, "view", self._target(obj))

    def has_change_history_permission(self, request, obj=None):
        return allowed(request.user, "revert", self._target(obj))

    # history_view needs no override: simple-history refuses it unless has_view_history_permission (below).

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        """A history row's page: shown to whoever may view the object; a POST is a revert."""
        if request.method not in ("GET", "HEAD"):
            obj = self.get_object(request, unquote(object_id))
            if obj is None or not self.has_change_history_permission(request, obj):
                raise PermissionDenied(REVERT_REFUSED_MESSAGE)
        return super().history_form_view(request, object_id, version_id, extra_context)


class PolicyInline:
    """An inline whose rows are the parent's content: adding, changing or deleting one is editing it."""

    def get_formset(self, request, obj=None, **kwargs):
        kwargs.setdefault("help_texts", plain_help_texts(self.model, kwargs.get("form", self.form)))
        return super().get_formset(request, obj, **kwargs)

    def has_view_permission(self, request, obj=None):
        return allowed(request.user, "view", self.model)

    def has_add_permission(self, request, obj=None):
        return obj is not None and allowed(request.user, "edit", obj)

    def has_change_permission(self, request, obj=None):
        return obj is not None and allowed(request.user, "edit", obj)

    def has_delete_permission(self, request, obj=None):
        return obj is not None and allowed(request.user, "edit", obj)
