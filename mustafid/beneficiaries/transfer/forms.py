"""The upload form of the beneficiary import."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from .read import detect_format, read_table

#: 50,000 rows of CSV take about 8 MB.
MAX_IMPORT_BYTES = 25 * 1024 * 1024


class ImportUploadForm(forms.Form):
    file = forms.FileField(
        label=_("File to import (CSV or Excel XLSX)"),
        help_text=_("The first row holds the column headers; each following row is one beneficiary."),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx,text/csv", "class": "form-control"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_IMPORT_BYTES:
            raise ValidationError(
                _("The file is too large (%(size)s); the limit is %(limit)s."),
                params={"size": filesizeformat(upload.size), "limit": filesizeformat(MAX_IMPORT_BYTES)},
                code="file_too_large",
            )
        name = (upload.name or "").lower()
        if not name.endswith((".csv", ".xlsx", ".xls")):
            raise ValidationError(_("Upload a CSV or Excel (XLSX) file."), code="format")
        upload.seek(0)
        content = upload.read()
        fmt = detect_format(content, name)
        if name.endswith(".xlsx") and fmt != "xlsx":
            raise ValidationError(_("This file could not be read as an Excel workbook (XLSX)."), code="bad_xlsx")
        # Read now, so that an unreadable file is refused on the form.
        self.dataset = read_table(content, fmt)
        self.content = content
        self.fmt = fmt
        return upload
