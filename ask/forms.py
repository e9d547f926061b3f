from django import forms

from ask.retrieval import MAX_QUESTION_LENGTH

QUESTION_MIN = 3


class SendQuestionForm(forms.Form):
    """Send an unanswered question to the editors; ``website`` is a trap people never see and bots fill in."""

    q = forms.CharField(label="Your question", max_length=MAX_QUESTION_LENGTH, widget=forms.Textarea({"rows": 3}))
    email = forms.EmailField(
        required=False,
        label="Your email address (optional)",
        help_text="Only if you would like to hear when the editors answer it. We use it for nothing else.",
    )
    consent = forms.BooleanField(
        label="I agree that Vetted's editors may store and read this question (and my email address, if I gave "
        "one) to improve the articles. Do not include personal health details.",
    )
    website = forms.CharField(required=False, label="Leave this field empty")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["q"].widget.attrs.update({"maxlength": MAX_QUESTION_LENGTH, "minlength": QUESTION_MIN})
        self.fields["website"].widget.attrs.update({"autocomplete": "off", "tabindex": "-1"})
        self.fields["email"].widget.attrs.update({"autocomplete": "email"})

    def clean_q(self) -> str:
        text = " ".join(self.cleaned_data["q"].split())
        if len(text) < QUESTION_MIN:
            raise forms.ValidationError(f"Please write at least {QUESTION_MIN} characters.")
        return text

    @property
    def is_trap_filled(self) -> bool:
        return bool(self.data.get("website", "").strip())
