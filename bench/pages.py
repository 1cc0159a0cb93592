"""Whether the pages the benchmark opens exist yet (the views are being written)."""

from __future__ import annotations

from django.urls import NoReverseMatch, reverse


def url(name: str, *args) -> tuple[str | None, str]:
    """``(url, "")``, or ``(None, why not)`` when the view is missing or the URLconf does not load."""
    try:
        return reverse(name, args=args or None), ""
    except NoReverseMatch:
        return None, f"{name} does not exist yet"
    except Exception as exc:  # a URLconf that does not import while others edit it
        return None, f"URLconf does not load: {type(exc).__name__}: {exc}"
