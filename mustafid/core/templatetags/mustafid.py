from django import template
from django.utils.translation import get_language

from mustafid.core.hijri import dual_date as _dual_date
from mustafid.core.hijri import gregorian_text, hijri_text

register = template.Library()


@register.filter
def dual_date(value, lang: str | None = None) -> str:
    """``{{ request.completed_on|dual_date }}``: Gregorian and Hijri in the page's language."""
    return _dual_date(value, lang or get_language() or "ar")


@register.filter
def hijri(value, lang: str | None = None) -> str:
    return hijri_text(value, lang or get_language() or "ar") if value else ""


@register.filter
def gregorian(value, lang: str | None = None) -> str:
    return gregorian_text(value, lang or get_language() or "ar") if value else ""


@register.filter
def record_type(content_type) -> str:
    """The translated name of a content type's model (``فرع``), for log pages."""
    model = content_type.model_class() if content_type else None
    return str(model._meta.verbose_name) if model else getattr(content_type, "model", "")
