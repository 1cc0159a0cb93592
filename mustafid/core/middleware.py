"""Arabic first: the page language is Arabic unless the person chose English."""

from django.conf import settings
from django.middleware.locale import LocaleMiddleware
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
