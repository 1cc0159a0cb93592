"""Arabic PDF documents (letters, receipts, copies) rendered by WeasyPrint."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import translation


def render_pdf(template_name: str, context: dict, *, lang: str = "ar") -> bytes:
    """Render ``template_name`` (HTML extending ``pdf/base.html``) to PDF bytes.

    Static files (the vendored Arabic font, the stylesheet) are read from
    disk through the staticfiles finders, never fetched over the network.
    """
    from weasyprint import HTML  # imported late: it loads Pango

    with translation.override(lang):
        html = render_to_string(template_name, {**context, "society_name": settings.MUSTAFID_SOCIETY_NAME})
    return HTML(string=html, base_url=str(settings.BASE_DIR), url_fetcher=_fetcher()).write_pdf()


def _fetcher():
    from weasyprint.urls import URLFetcher

    class StaticOnlyFetcher(URLFetcher):
        """Serves ``static:<path>`` from the project's static files; refuses the network."""

        def fetch(self, url, headers=None):
            if url.startswith("static:"):
                path = finders.find(url.removeprefix("static:"))
                if not path:
                    raise ValueError(f"missing static file {url}")
                return super().fetch(Path(path).as_uri(), headers)
            if url.startswith("data:"):
                return super().fetch(url, headers)
            raise ValueError(f"PDF documents load nothing from outside: {url}")

    return StaticOnlyFetcher(fail_on_errors=True)
