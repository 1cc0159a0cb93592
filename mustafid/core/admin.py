from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .forms import CalendarDateField
from .hijri import hijri_text
from .models import Holiday


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
