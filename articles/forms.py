from django import forms

from articles.models import ReaderReport

MESSAGE_MIN = 10
MESSAGE_MAX = 4000


class ReaderReportForm(forms.ModelForm):
    """The public report form; ``website`` is a trap that people never see and bots fill in."""

    website = forms.CharField(required=False, label="Leave this field empty")

    class Meta:
        model = ReaderReport
        fields = ("kind", "message", "email")
        labels = {
            "kind": "What is this about?",
            "message": "Your message",
            "email": "Your email address (optional)",
        }
        help_texts = {
            "message": "Tell us what is wrong or what you would like to know. Do not include personal health details.",
            "email": "Only if you would like an answer. We use it for nothing else.",
        }
        widgets = {"kind": forms.RadioSelect, "message": forms.Textarea(attrs={"rows": 6})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = list(ReaderReport.Kind.choices)
        self.fields["message"].max_length = MESSAGE_MAX
        self.fields["message"].widget.attrs.update({"maxlength": MESSAGE_MAX, "minlength": MESSAGE_MIN})
        self.fields["website"].widget.attrs.update({"autocomplete": "off", "tabindex": "-1"})
        self.fields["email"].widget.attrs.update({"autocomplete": "email"})

    def clean_message(self) -> str:
        message = self.cleaned_data["message"].strip()
        if len(message) < MESSAGE_MIN:
            raise forms.ValidationError(f"Please write at least {MESSAGE_MIN} characters so that we can act on it.")
        if len(message) > MESSAGE_MAX:
            raise forms.ValidationError(f"Please keep your message under {MESSAGE_MAX} characters.")
        return message

    @property
    def is_trap_filled(self) -> bool:
        return bool(self.data.get("website", "").strip())
