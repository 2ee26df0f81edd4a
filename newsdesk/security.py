"""Request-level protections shared by every page: the Content-Security-Policy and who the
client is when newsdesk runs behind a proxy."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse

# Scripts and styles only from the site itself; article bodies hold publishers' images (which
# readers' browsers fetch unless the image proxy is on), never their scripts, frames or forms.
# Inline styles stay allowed: htmx adds its indicator style at run time.
_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data: https: http:; object-src 'none'; base-uri 'self'; "
    "form-action 'self'; frame-ancestors 'none'"
)


class ContentSecurityPolicyMiddleware:
    """Adds the Content-Security-Policy header to every response that has none."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", _POLICY)
        return response


def client_address(request: HttpRequest) -> str:
    """The client's address: the connection's, or behind a proxy the one it reports in
    ``CLIENT_IP_HEADER``. Of an X-Forwarded-For list the entry ``TRUSTED_PROXY_HOPS`` from the
    right is taken: entries further left were written by the client and prove nothing."""
    remote = request.META.get("REMOTE_ADDR", "")
    if not settings.CLIENT_IP_HEADER:
        return remote
    header = "HTTP_" + settings.CLIENT_IP_HEADER.upper().replace("-", "_")
    chain = [part.strip() for part in request.META.get(header, "").split(",") if part.strip()]
    if len(chain) < settings.TRUSTED_PROXY_HOPS:
        return remote
    return chain[-settings.TRUSTED_PROXY_HOPS]
