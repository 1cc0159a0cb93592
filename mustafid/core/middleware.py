"""Arabic first: the page language is Arabic unless the person chose English."""

from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.shortcuts import render
from django.utils import translation


class ArabicFirstLocaleMiddleware(LocaleMiddleware):
    """Like Django's LocaleMiddleware, without reading the browser's language.

    Many staff computers run an English system; the society works in Arabic.
    The language switch sets the language cookie, and only that cookie
    changes the language.
    """

    def process_request(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        supported = {code for code, _name in settings.LANGUAGES}
        language = chosen if chosen in supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()


# C0 controls and DEL. A query parameter has no use for any of them; a form
# body may hold tab, CR and LF (text areas). NUL breaks SQLite and PostgreSQL.
_QUERY_CONTROL = {chr(code) for code in range(0x20)} | {"\x7f"}
_FORM_CONTROL = _QUERY_CONTROL - {"\t", "\r", "\n"}


def _holds(values, forbidden: set[str]) -> bool:
    return any(forbidden.intersection(key) or any(forbidden.intersection(v) for v in vs) for key, vs in values.lists())


class RefuseControlCharactersMiddleware:
    """Answer a request carrying control characters with a 400 page (issue 9.6).

    One rule for every query parameter and form field, on every page, before
    any view or query runs: nothing is changed, and the person is told why.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if _holds(request.GET, _QUERY_CONTROL) or (request.method == "POST" and _holds(request.POST, _FORM_CONTROL)):
            return render(request, "400.html", status=400)
        return self.get_response(request)


# The site uses none of these browser features; refusing them limits what an
# injected script or a framed page could reach (issue 9.7).
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "camera",
        "microphone",
        "geolocation",
        "payment",
        "usb",
        "serial",
        "bluetooth",
        "midi",
        "magnetometer",
        "gyroscope",
        "accelerometer",
        "display-capture",
    )
)


class PermissionsPolicyMiddleware:
    """Send the Permissions-Policy header on every answer."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        return response
