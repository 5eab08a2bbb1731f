"""Where a request came from, for the audit trail and the lockout alike.

``RequestContextMiddleware`` stores the client address, user agent and a request id in a
context variable, so a service deep in a call stack can write a complete audit event
without being handed the request.
"""

from __future__ import annotations

import uuid
from contextvars import ContextVar
from dataclasses import dataclass

from django.conf import settings
from django.http import HttpRequest


@dataclass(frozen=True)
class RequestContext:
    client_ip: str | None
    user_agent: str
    request_id: str


_current: ContextVar[RequestContext | None] = ContextVar("vigil_request_context", default=None)


def client_ip(request: HttpRequest) -> str | None:
    """The client's address, trusting only as many proxies as configured.

    With ``VIGIL_TRUSTED_PROXY_COUNT = n`` the n-th address from the right of
    X-Forwarded-For is the client (each trusted proxy appends the address it saw); with 0
    the socket's address is used and the header is ignored, so it cannot be forged.
    """
    hops = settings.VIGIL_TRUSTED_PROXY_COUNT
    if hops > 0:
        forwarded = [
            a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if a.strip()
        ]
        if len(forwarded) >= hops:
            return forwarded[-hops]
    return request.META.get("REMOTE_ADDR") or None


def context_from_request(request: HttpRequest) -> RequestContext:
    return RequestContext(
        client_ip=client_ip(request),
        user_agent=request.META.get("HTTP_USER_AGENT", "")[:300],
        request_id=request.META.get("HTTP_X_REQUEST_ID", "")[:64] or uuid.uuid4().hex,
    )


def current() -> RequestContext | None:
    return _current.get()


def set_current(ctx: RequestContext | None) -> object:
    return _current.set(ctx)


def reset(token: object) -> None:
    _current.reset(token)  # type: ignore[arg-type]
