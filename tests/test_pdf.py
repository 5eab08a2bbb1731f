"""PDFs render, and never fetch anything a user's text points at."""

from __future__ import annotations

import pytest

from vigil.pdf import _fetcher, render_pdf


def test_a_template_renders_to_a_pdf(tmp_path, settings) -> None:
    settings.TEMPLATES = [
        {**settings.TEMPLATES[0], "DIRS": [*settings.TEMPLATES[0]["DIRS"], tmp_path]}
    ]
    (tmp_path / "t.html").write_text("<html><body><h1>{{ title }}</h1></body></html>")
    pdf = render_pdf("t.html", {"title": "Acknowledgement"})
    assert pdf.startswith(b"%PDF")


@pytest.mark.parametrize(
    "url", ["file:///etc/passwd", "http://127.0.0.1:8000/", "https://x.invalid/"]
)
def test_pdf_rendering_refuses_to_fetch_files_or_hosts(url) -> None:
    with pytest.raises(ValueError, match="disallowed protocol"):
        _fetcher().fetch(url)


def test_an_image_pointing_at_a_local_file_is_not_read(tmp_path, settings) -> None:
    settings.TEMPLATES = [
        {**settings.TEMPLATES[0], "DIRS": [*settings.TEMPLATES[0]["DIRS"], tmp_path]}
    ]
    (tmp_path / "t.html").write_text('<html><body><img src="file:///etc/hostname"></body></html>')
    assert render_pdf("t.html", {}).startswith(b"%PDF")
