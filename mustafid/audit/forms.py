from django import forms
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.utils.translation import gettext_lazy as _

from mustafid.core.forms import BootstrapMixin, CalendarDateField
from mustafid.core.templatetags.mustafid import record_type


class AuditFilterForm(BootstrapMixin, forms.Form):
    """Filter by person (the staff member who acted), by record and by date (typed in either calendar)."""

    actor = forms.ModelChoiceField(label=_("Staff member"), queryset=get_user_model().objects.none(), required=False)
    content_type = forms.ModelChoiceField(label=_("Record type"), queryset=ContentType.objects.none(), required=False)
    object_id = forms.CharField(label=_("Record id"), required=False, max_length=64)
    date_from = CalendarDateField(label=_("From date"), required=False)
    date_to = CalendarDateField(label=_("To date"), required=False)

    def __init__(self, *args, content_types=None, actors=None, **kwargs):
        super().__init__(*args, **kwargs)
        # The choices are the reader's (selectors.actors / record_types): none names anything out of scope.
        self.fields["actor"].queryset = actors if actors is not None else get_user_model().objects.none()
        self.fields["content_type"].queryset = content_types or ContentType.objects.none()
        self.fields["content_type"].label_from_instance = record_type

    def clean(self):
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", _("The end date is before the start date."))
        return data

    def selector_kwargs(self) -> dict:
        # An invalid filter lists nothing rather than everything: the page says what to correct.
        if self.is_bound and not self.is_valid():
            return {"nothing": True}
        if not self.is_bound:
            return {}
        data = self.cleaned_data
        return {
            "actor_id": data["actor"].pk if data["actor"] else None,
            "content_type": data["content_type"],
            "object_id": data["object_id"] or None,
            "date_from": data["date_from"],
            "date_to": data["date_to"],
        }
