"""Configuration screens of the service catalogue (TL-5), for the administrator.

A new service is added with its first draft version (``create_service``).
A draft is edited here: its description, committee, categories, domains and,
inline, the form's fields, the criteria and the documents. "Publish" and
"Start a new version" call the services. A published version is shown read
only: its page offers to start a new version instead.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from mustafid.accounts.models import Category, Domain
from mustafid.committees.models import Committee
from mustafid.core.admin_scope import ScopedChoicesMixin
from mustafid.core.forms import refusal_text

from . import selectors, services
from .models import Criterion, FormField, RequiredDocument, Service, ServiceVersion


def _version_url(version: ServiceVersion) -> str:
    return reverse("admin:services_serviceversion_change", args=[version.pk])


class NewVersionActionMixin(admin.ModelAdmin):
    """The "start a new version" action, shared by the service and version lists."""

    def has_new_version_permission(self, request) -> bool:
        return request.user.has_perm("services.add_serviceversion")

    def _start_new_versions(self, request, services_to_change) -> HttpResponseRedirect | None:
        opened = []
        for service in services_to_change:
            try:
                opened.append(services.start_new_version(by=request.user, service=service))
            except ValidationError as exc:
                self.message_user(request, f"{service}: {refusal_text(exc)}", messages.ERROR)
        if opened:
            self.message_user(
                request,
                gettext("A new draft version was opened for: %(services)s. Change it, then publish it.")
                % {"services": "، ".join(str(v.service) for v in opened)},
                messages.SUCCESS,
            )
        if len(opened) == 1:
            return HttpResponseRedirect(_version_url(opened[0]))
        return None


# --- versions ---------------------------------------------------------------


class VersionPartInline(admin.TabularInline):
    """Parts of a version: editable while it is a draft, read only once published."""

    extra = 0

    @staticmethod
    def _is_draft(obj: ServiceVersion | None) -> bool:
        return obj is None or not obj.is_published

    def get_extra(self, request, obj=None, **kwargs) -> int:
        return 1 if obj is not None and self._is_draft(obj) else 0

    def has_add_permission(self, request, obj=None) -> bool:
        return self._is_draft(obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None) -> bool:
        return self._is_draft(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None) -> bool:
        return self._is_draft(obj) and super().has_delete_permission(request, obj)


class FormFieldInline(VersionPartInline):
    model = FormField
    fields = ["order", "label", "key", "kind", "required", "sensitive", "choices", "help_text"]
    formfield_overrides = {
        FormField._meta.get_field("choices").__class__: {"widget": forms.Textarea(attrs={"rows": 2, "cols": 24})}
    }


class CriterionInline(VersionPartInline):
    model = Criterion
    fields = ["order", "text"]


class RequiredDocumentInline(VersionPartInline):
    model = RequiredDocument
    fields = ["order", "name", "description", "required"]


class PublishedFilter(admin.SimpleListFilter):
    title = _("status")
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return [("published", _("Published")), ("draft", _("Draft"))]

    def queryset(self, request, queryset):
        if self.value() == "published":
            return queryset.published()
        if self.value() == "draft":
            return queryset.drafts()
        return queryset


def _status(version: ServiceVersion) -> str:
    return gettext("Published") if version.is_published else gettext("Draft")


@admin.register(ServiceVersion)
class ServiceVersionAdmin(ScopedChoicesMixin, NewVersionActionMixin, admin.ModelAdmin):
    change_form_template = "services/admin/version_change_form.html"
    list_display = ["service", "number", "status", "published_at", "committee"]
    list_display_links = ["service", "number"]
    list_filter = [PublishedFilter, "service"]
    list_select_related = ["service", "committee"]
    search_fields = ["service__name", "service__code"]
    fields = ["service", "number", "status", "description", "committee", "categories", "domains", "published_at"]
    readonly_fields = ["service", "number", "status", "published_at"]
    filter_horizontal = ["categories", "domains"]
    inlines = [FormFieldInline, CriterionInline, RequiredDocumentInline]
    actions = ["publish", "start_new_version"]

    @admin.display(description=_("status"))
    def status(self, obj: ServiceVersion) -> str:
        return _status(obj)

    # Versions are opened by create_service and start_new_version, never blank.
    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        if obj is not None and obj.is_published:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None) -> bool:
        # A draft may be discarded; a published version is evidence of what applicants were told.
        if obj is None or obj.is_published:
            return False
        return super().has_delete_permission(request, obj)

    def has_publish_permission(self, request) -> bool:
        return request.user.has_perm("services.publish_serviceversion")

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "committee":
            kwargs["queryset"] = Committee.objects.filter(is_active=True)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "categories":
            kwargs["queryset"] = Category.objects.filter(is_active=True)
        elif db_field.name == "domains":
            kwargs["queryset"] = Domain.objects.filter(is_active=True)
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = {
            **(extra_context or {}),
            "can_publish": self.has_publish_permission(request),
            "can_start_new_version": self.has_new_version_permission(request),
        }
        return super().change_view(request, object_id, form_url, extra_context)

    def response_change(self, request, obj: ServiceVersion):
        if "_publish" not in request.POST:
            return super().response_change(request, obj)
        # "Save and publish": the draft was saved above; publishing is a separate step that may be refused.
        try:
            services.publish_version(by=request.user, version=obj)
        except ValidationError as exc:
            self.message_user(
                request, gettext("Saved, not published: %(problems)s") % {"problems": refusal_text(exc)}, messages.ERROR
            )
        else:
            self.message_user(request, gettext("Published: %(version)s.") % {"version": obj}, messages.SUCCESS)
        return HttpResponseRedirect(_version_url(obj))

    @admin.action(description=_("Publish the selected drafts"), permissions=["publish"])
    def publish(self, request, queryset):
        published = []
        for version in queryset.select_related("service").order_by("service__name", "number"):
            try:
                published.append(services.publish_version(by=request.user, version=version))
            except ValidationError as exc:
                self.message_user(request, f"{version}: {refusal_text(exc)}", messages.ERROR)
        if published:
            self.message_user(
                request,
                gettext("Published: %(versions)s.") % {"versions": "، ".join(str(v) for v in published)},
                messages.SUCCESS,
            )

    @admin.action(description=_("Start a new version of the selected services"), permissions=["new_version"])
    def start_new_version(self, request, queryset):
        service_ids = queryset.values_list("service_id", flat=True).distinct()
        return self._start_new_versions(request, Service.objects.filter(pk__in=service_ids))


# --- services ---------------------------------------------------------------


class ServiceCreateForm(forms.ModelForm):
    """A new service with the content of its first (draft) version."""

    description = forms.CharField(label=_("description"), widget=forms.Textarea(attrs={"rows": 4}))
    committee = forms.ModelChoiceField(
        label=_("competent committee"), queryset=Committee.objects.filter(is_active=True), required=False
    )
    categories = forms.ModelMultipleChoiceField(
        label=_("beneficiary categories served"),
        queryset=Category.objects.filter(is_active=True),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("None chosen: every category."),
    )
    domains = forms.ModelMultipleChoiceField(
        label=_("society domains"),
        queryset=Domain.objects.filter(is_active=True),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Service
        fields = ["code", "name", "name_en"]


class VersionInline(admin.TabularInline):
    """The service's versions, newest first, each linking to its page."""

    model = ServiceVersion
    fields = ["link", "status", "published_at", "committee"]
    readonly_fields = ["link", "status", "published_at", "committee"]
    extra = 0
    can_delete = False
    verbose_name_plural = _("versions")

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("service", "committee")

    @admin.display(description=_("version"))
    def link(self, obj: ServiceVersion) -> str:
        return format_html('<a href="{}">{}</a>', _version_url(obj), obj.number)

    @admin.display(description=_("status"))
    def status(self, obj: ServiceVersion) -> str:
        return _status(obj)


@admin.register(Service)
class ServiceAdmin(NewVersionActionMixin, admin.ModelAdmin):
    list_display = ["name", "code", "is_active", "current", "draft"]
    list_filter = ["is_active"]
    search_fields = ["name", "name_en", "code"]
    inlines = [VersionInline]
    actions = ["start_new_version"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("versions")

    @admin.display(description=_("current version"))
    def current(self, obj: Service) -> str:
        numbers = [v.number for v in obj.versions.all() if v.is_published]
        return str(max(numbers)) if numbers else "—"

    @admin.display(description=_("draft version"))
    def draft(self, obj: Service) -> str:
        drafts = [v for v in obj.versions.all() if not v.is_published]
        return format_html('<a href="{}">{}</a>', _version_url(drafts[0]), drafts[0].number) if drafts else "—"

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is None:
            kwargs["form"] = ServiceCreateForm
        return super().get_form(request, obj, change=change, **kwargs)

    def get_fieldsets(self, request, obj=None):
        if obj is None:
            return [
                (None, {"fields": ["code", "name", "name_en"]}),
                (_("First version"), {"fields": ["description", "committee", "categories", "domains"]}),
            ]
        return [(None, {"fields": ["code", "name", "name_en", "is_active"]})]

    def get_readonly_fields(self, request, obj=None):
        # The code is in the public address of the service: it stays once given.
        return ["code"] if obj is not None else []

    def get_inlines(self, request, obj):
        return self.inlines if obj is not None else []

    def has_delete_permission(self, request, obj=None) -> bool:
        return False  # a service is withdrawn by unticking "offered", never deleted

    def save_model(self, request, obj: Service, form, change: bool) -> None:
        if change:
            super().save_model(request, obj, form, change)
            return
        data = form.cleaned_data
        created = services.create_service(
            by=request.user,
            code=obj.code,
            name=obj.name,
            name_en=obj.name_en,
            description=data["description"],
            committee=data["committee"],
            categories=data["categories"],
            domains=data["domains"],
        )
        # The admin goes on with the object it built (history, redirect): make it the saved one.
        obj.pk = created.pk
        obj._state.adding = False
        obj._state.db = created._state.db

    def response_add(self, request, obj: Service, post_url_continue=None):
        draft = selectors.draft_version(obj)
        if draft is None or "_addanother" in request.POST:
            return super().response_add(request, obj, post_url_continue)
        self.message_user(
            request,
            gettext(
                "The service was added with a draft first version: "
                "add its form's fields, criteria and documents, then publish it."
            ),
            messages.SUCCESS,
        )
        return HttpResponseRedirect(_version_url(draft))

    @admin.action(description=_("Start a new version of the selected services"), permissions=["new_version"])
    def start_new_version(self, request, queryset):
        return self._start_new_versions(request, queryset)
