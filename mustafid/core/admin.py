from django import forms
from django.contrib import admin
from django.contrib.admin.widgets import AdminFileWidget
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from .admin_scope import GlobalScopeOnlyMixin
from .forms import CalendarDateField
from .hijri import hijri_text
from .letters import image_data_uri
from .models import Holiday, LetterSignature


class HolidayForm(forms.ModelForm):
    # Eid dates are announced in Hijri: the administrator may type them so.
    date = CalendarDateField(label=_("date"))

    class Meta:
        model = Holiday
        fields = ["date", "name_ar", "name_en", "is_estimated", "source"]


@admin.register(Holiday)
class HolidayAdmin(admin.ModelAdmin):
    form = HolidayForm
    list_display = ["date", "hijri_date", "name_ar", "name_en", "is_estimated", "source"]
    list_filter = ["is_estimated", "source"]
    list_editable = ["is_estimated"]
    search_fields = ["name_ar", "name_en"]
    date_hierarchy = "date"

    @admin.display(description=_("Hijri date"))
    def hijri_date(self, obj: Holiday) -> str:
        return hijri_text(obj.date)

    def save_model(self, request, obj, form, change):
        # Once the administrator touches a holiday it is theirs: re-seeding leaves it alone.
        obj.source = Holiday.Source.MANUAL
        super().save_model(request, obj, form, change)


class _Embedded:
    """A stored image shown by its own content: a private file has no URL.

    The widget links to ``url`` and writes ``str()`` as the link's text: the
    image itself (browsers do not open a ``data:`` link, but they draw it).
    """

    def __init__(self, url: str, label: str):
        self.url, self.label = url, label

    def __str__(self) -> str:
        if not self.url.startswith("data:"):
            return self.label
        return format_html('<img src="{}" alt="{}" height="64">', self.url, self.label)


class PrivateImageInput(AdminFileWidget):
    """The admin's file input for a private image: shows the current one inline, offers to clear it."""

    def is_initial(self, value) -> bool:
        # Django's asks the file for its URL, which a private storage refuses.
        return bool(value and getattr(value, "name", ""))

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        if context["widget"]["is_initial"]:
            context["widget"]["value"] = _Embedded(image_data_uri(value) or "#", str(_("the current image")))
        return context


class LetterSignatureForm(forms.ModelForm):
    class Meta:
        model = LetterSignature
        fields = ["signatory_name", "signatory_title", "logo", "signature", "stamp"]
        widgets = {"logo": PrivateImageInput, "signature": PrivateImageInput, "stamp": PrivateImageInput}


@admin.register(LetterSignature)
class LetterSignatureAdmin(GlobalScopeOnlyMixin, admin.ModelAdmin):
    """The block every letter ends with: only an administrator of every branch sets it (it signs for all)."""

    form = LetterSignatureForm
    list_display = ["signatory_name", "signatory_title", "updated_at"]

    def has_add_permission(self, request, *args) -> bool:
        # One block: once it exists it is changed, not added to.
        return not LetterSignature.objects.exists() and super().has_add_permission(request, *args)
