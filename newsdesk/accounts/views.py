from __future__ import annotations

from typing import Any

from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import AuthenticationForm, UserCreationForm
from django.contrib.auth.models import User
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme

from newsdesk.accounts.throttling import login_refused, record_signup, signup_refused

# Too many requests: the reader is told why and when to come back.
TOO_MANY_REQUESTS = 429


class LoginView(auth_views.LoginView):
    """Django's sign-in page, saying plainly when sign-in is refused for a while."""

    template_name = "accounts/login.html"

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        refused = login_refused(request, request.POST.get("username"))
        if refused:
            context = self.get_context_data(form=AuthenticationForm(request), refused=refused)
            return self.render_to_response(context, status=TOO_MANY_REQUESTS)
        return super().post(request, *args, **kwargs)


def signup(request: HttpRequest) -> HttpResponse:
    """Create an account and sign the new reader in, back to where they came from."""
    next_url = request.POST.get("next") or request.GET.get("next") or ""
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        next_url = ""
    form: UserCreationForm[User] = UserCreationForm(request.POST or None)
    refused = signup_refused(request) if request.method == "POST" else ""
    if refused:
        context = {"form": UserCreationForm(), "next": next_url, "refused": refused}
        return render(request, "accounts/signup.html", context, status=TOO_MANY_REQUESTS)
    if request.method == "POST" and form.is_valid():
        user = form.save()
        record_signup(request)
        login(request, user, backend="newsdesk.accounts.backends.ThrottledModelBackend")
        return redirect(next_url or "reader:front")
    return render(request, "accounts/signup.html", {"form": form, "next": next_url})
