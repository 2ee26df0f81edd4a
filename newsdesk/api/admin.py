"""API access in the admin: tokens listed by owner and revoked by deleting them; a token made
here shows its key once, in the message after saving."""

from __future__ import annotations

from django.contrib import admin, messages
from django.forms import ModelForm
from django.http import HttpRequest

from newsdesk.api.models import AccessToken


@admin.register(AccessToken)
class AccessTokenAdmin(admin.ModelAdmin):
    list_display = ("prefix", "kind", "name", "user", "created_at", "last_used_at")
    list_filter = ("kind",)
    search_fields = ("user__username", "name", "prefix")
    fields = ("user", "kind", "name", "prefix", "created_at", "last_used_at")
    readonly_fields = ("prefix", "created_at", "last_used_at")
    raw_id_fields = ("user",)

    def save_model(
        self, request: HttpRequest, obj: AccessToken, form: ModelForm, change: bool
    ) -> None:
        if not change:
            key = obj.assign_key()
            messages.warning(request, f"The new key, shown only this once: {key}")
        super().save_model(request, obj, form, change)
