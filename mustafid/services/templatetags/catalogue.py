from django import template
from django.utils.translation import get_language

register = template.Library()


@register.filter
def local_name(obj) -> str:
    """A service's, category's or domain's name in the page's language (Arabic when no English name)."""
    english = getattr(obj, "name_en", "")
    if english and (get_language() or "ar").startswith("en"):
        return english
    return getattr(obj, "name", str(obj))
