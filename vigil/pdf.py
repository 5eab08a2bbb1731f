"""Rendering a page of Vigil as a PDF (acknowledgements, plans for meetings).

One function, so every PDF gets the same safety: WeasyPrint is given a URL fetcher that
refuses every protocol but data:, so text a user typed can never make the server
read a local file or call out to another host (DEPENDENCIES.md §7).
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string


def _fetcher() -> Any:
    """WeasyPrint's fetcher, allowed only data: URIs and no redirects."""
    from weasyprint.urls import URLFetcher

    return URLFetcher(allowed_protocols={"data"}, allow_redirects=False, timeout=2)


def render_pdf(template: str, context: dict[str, Any], request: HttpRequest | None = None) -> bytes:
    """The template rendered to PDF bytes. Styles must be inline in the template."""
    from PIL import ImageFile
    from weasyprint import HTML

    # WeasyPrint turns on Pillow's process-wide "load truncated images" switch when it is
    # imported; the photo checks need it off (vigil.nominals.photos._open sets it too).
    ImageFile.LOAD_TRUNCATED_IMAGES = False
    html = render_to_string(template, context, request=request)
    pdf: bytes = HTML(string=html, url_fetcher=_fetcher(), base_url=None).write_pdf()
    return pdf


def pdf_response(
    template: str, context: dict[str, Any], *, filename: str, request: HttpRequest | None = None
) -> HttpResponse:
    response = HttpResponse(render_pdf(template, context, request), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response
