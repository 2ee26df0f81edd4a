from __future__ import annotations

from django import forms
from django.conf import settings


class CommentForm(forms.Form):
    body = forms.CharField(
        label="Your comment",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=settings.COMMENT_MAX_LENGTH,
        error_messages={
            "max_length": "Your comment is too long: at most %(limit_value)d characters "
            "(it has %(show_value)d)."
        },
    )
    # Honeypot: hidden from people by CSS, filled in by naive bots. A filled honeypot is
    # refused without saying why.
    website = forms.CharField(required=False, label="Leave this field empty")

    def is_bot(self) -> bool:
        return bool(self.data.get("website"))
