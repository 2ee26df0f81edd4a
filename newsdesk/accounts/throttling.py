"""Sign-in and sign-up limits: per account and per address, counted in the shared throttle
cache so they hold across every web process."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest

from newsdesk import throttle
from newsdesk.security import client_address
from newsdesk.throttle import Limit


def _per_account() -> Limit:
    return Limit(
        "login-account", settings.LOGIN_FAILURES_PER_ACCOUNT, settings.LOGIN_LOCKOUT_SECONDS
    )


def _per_address() -> Limit:
    return Limit(
        "login-address", settings.LOGIN_FAILURES_PER_ADDRESS, settings.LOGIN_LOCKOUT_SECONDS
    )


def _signups() -> Limit:
    return Limit("signup-address", settings.SIGNUPS_PER_ADDRESS, settings.SIGNUP_WINDOW_SECONDS)


def _account(username: object) -> str:
    return str(username or "").strip().casefold()


def login_refused(request: HttpRequest | None, username: object) -> str:
    """Why signing in as ``username`` from this request is refused for now ("" if it is not).

    Guessing passwords for one account from many addresses meets the account's limit; trying
    many accounts from one address meets the address's."""
    if throttle.exhausted(_per_account(), _account(username)) or (
        request is not None and throttle.exhausted(_per_address(), client_address(request))
    ):
        return (
            "Too many failed sign-ins for this account or from your address. "
            f"Please try again in {_per_account().minutes} minutes."
        )
    return ""


def record_login_failure(
    sender: object, credentials: dict, request: HttpRequest | None = None, **kwargs: object
) -> None:
    """Count a failed sign-in against the account and the address (``user_login_failed``)."""
    throttle.hit(_per_account(), _account(credentials.get("username")))
    if request is not None:
        throttle.hit(_per_address(), client_address(request))


def signup_refused(request: HttpRequest) -> str:
    """Why this address may not create another account for now ("" if it may)."""
    limit = _signups()
    if throttle.exhausted(limit, client_address(request)):
        return (
            f"Only {limit.count} accounts may be created from one address in "
            f"{limit.minutes} minutes. Please try again later."
        )
    return ""


def record_signup(request: HttpRequest) -> None:
    throttle.hit(_signups(), client_address(request))
