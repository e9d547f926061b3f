"""Disclosures in the admin (issue 18): the editor-in-chief records them, staff read them; a thin view over
``services.disclosure_declare``. Rights come from the policy (``PolicyAdmin``): nobody changes or deletes one."""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.utils import timezone

from articles.models import Disclosure
from core.admin import PolicyAdmin
from editorial import permissions, services


class DisclosureForm(forms.ModelForm):
    """The service's checks, asked again here so that a refusal shows on its field instead of as an error page."""

    class Meta:
        model = Disclosure
        fields = ("member", "declared_on", "interests", "topics")

    def clean_member(self):
        member = self.cleaned_data["member"]
        if not permissions.is_board_member(member):
            raise forms.ValidationError("Disclosures are recorded for Medical Advisory Board members only.")
        return member

    def clean_declared_on(self):
        declared_on = self.cleaned_data["declared_on"]
        if declared_on > timezone.localdate():
            raise forms.ValidationError("A disclosure cannot be dated in the future.")
        return declared_on


@admin.register(Disclosure)
class DisclosureAdmin(PolicyAdmin):
    form = DisclosureForm
    list_display = ("member", "declared_on", "summary", "topics", "valid_until")
    list_filter = ("declared_on",)
    search_fields = ("member__username", "member__first_name", "member__last_name", "topics", "interests")
    raw_id_fields = ("member",)

    def save_model(self, request, obj, form, change):
        declared = services.disclosure_declare(actor=request.user, **form.cleaned_data)
        obj.pk = declared.pk  # the admin's "added" message and redirect name the saved row
