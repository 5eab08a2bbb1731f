from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from vigil.audit import context


class RequestContextMiddleware:
    """Makes the request's origin available to audit writes for the request's duration."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        ctx = context.context_from_request(request)
        token = context.set_current(ctx)
        try:
            response = self.get_response(request)
        finally:
            context.reset(token)
        response["X-Request-ID"] = ctx.request_id
        return response
