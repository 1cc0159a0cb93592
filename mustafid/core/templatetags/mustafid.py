from django import template
from django.utils.html import format_html
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from mustafid.core import documents
from mustafid.core.formatting import format_amount
from mustafid.core.hijri import dual_date as _dual_date
from mustafid.core.hijri import dual_date_parts, gregorian_text, hijri_text
from mustafid.core.workflow import workflow_for

register = template.Library()


@register.filter
def dual_date(value, lang: str | None = None) -> str:
    """``{{ request.completed_on|dual_date }}``: Gregorian and Hijri in the page's language, as markup.

    In a ``<bdi>``, so that the text around it cannot reorder it: an Arabic
    name before a date on an English page would otherwise pull the day away
    from its month, and a full stop after it would land at the wrong end
    (issue 10.4). Each day stays on one line with its month; a line may break
    before a year or between the two calendars. Where markup is wrong (an attribute, a plain-text
    message) use ``|dual_date_text``.
    """
    if not value:
        return ""
    gregorian, joiner, hijri = dual_date_parts(value, lang or get_language() or "ar")
    run = '<span class="text-nowrap">{}</span> {}'
    if hijri is None:
        return format_html('<bdi class="dual-date">' + run + "</bdi>", *gregorian)
    return format_html('<bdi class="dual-date">' + run + "{}" + run + "</bdi>", *gregorian, joiner, *hijri)


@register.filter
def dual_date_text(value, lang: str | None = None) -> str:
    """``{{ d|dual_date_text }}``: the same words as ``|dual_date`` in plain text, for attributes and titles."""
    return _dual_date(value, lang or get_language() or "ar")


@register.filter
def hijri(value, lang: str | None = None) -> str:
    return hijri_text(value, lang or get_language() or "ar") if value else ""


@register.filter
def gregorian(value, lang: str | None = None) -> str:
    return gregorian_text(value, lang or get_language() or "ar") if value else ""


@register.filter
def amount(value, lang: str | None = None) -> str:
    """``{{ request.approved_amount|amount }}``: ``9,000.00 ريال``, never ``9E+3`` nor ``9000,00``."""
    return format_amount(value, lang)


@register.filter
def record_type(content_type) -> str:
    """The translated name of a content type's model (``فرع``), for log pages."""
    model = content_type.model_class() if content_type else None
    return str(model._meta.verbose_name) if model else getattr(content_type, "model", "")


@register.simple_tag
def status_badge(obj, field: str = "", extra: str = "") -> str:
    """``{% status_badge request %}``: the state's label in the colour its workflow declares.

    One tag for every case on every page (staff and portal), so a state has
    one colour everywhere.
    """
    flow = workflow_for(obj)
    name = field or (flow.field if flow else "status")
    state = getattr(obj, name)
    label = getattr(obj, f"get_{name}_display")()
    tone = flow.tone(state) if flow else "secondary"
    text = " text-dark border" if tone == "light" else ""
    return format_html(
        '<span class="badge text-bg-{}{}{}" data-testid="status" data-state="{}">{}</span>',
        tone,
        text,
        f" {extra}" if extra else "",
        state,
        label,
    )


@register.simple_tag
def document_status(key: str, obj) -> str:
    """``{% document_status "requests.receipt" r %}``: says a document is being prepared, or failed and will be retried.

    Nothing when the document is there (the page shows its link) or was never asked for.
    """
    state = documents.state(key, obj)
    if state == "preparing":
        return format_html(
            '<span class="badge text-bg-light border" data-testid="document-preparing" role="status">'
            '<i class="bi bi-hourglass-split" aria-hidden="true"></i> {}</span>',
            _("The document is being prepared: refresh the page in a moment."),
        )
    if state == "failed":
        return format_html(
            '<span class="badge text-bg-warning" data-testid="document-failed" role="status">{}</span>',
            _("Preparing the document failed; it will be tried again automatically."),
        )
    return ""
