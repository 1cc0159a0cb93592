from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.forms import UserChangeForm as BaseUserChangeForm
from django.contrib.auth.forms import UserCreationForm as BaseUserCreationForm
from django.contrib.auth.models import Group
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from mustafid.core.admin_scope import ScopedAdminMixin, ScopedChoicesMixin

from .models import Branch, Category, Domain, User
from .roles import role_label


def _group_label(group: Group) -> str:
    return role_label(group.name)


# A role group is named by its code (the data migration creates it so): the admin
# lists it, and offers it on an account, by str(), which is its role's label (issue 10.4).
Group.__str__ = _group_label  # type: ignore[method-assign,assignment]


class ScopeItemAdmin(ScopedAdminMixin, admin.ModelAdmin):
    list_display = ["name", "name_en", "code", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["name", "name_en", "code"]
    prepopulated_fields = {"code": ["name_en"]}


admin.site.register(Branch, ScopeItemAdmin)
admin.site.register(Category, ScopeItemAdmin)
admin.site.register(Domain, ScopeItemAdmin)


class UserCreationForm(BaseUserCreationForm):
    class Meta:
        model = User
        fields = ["email", "full_name"]


class UserChangeForm(BaseUserChangeForm):
    class Meta:
        model = User
        fields = "__all__"


@admin.register(User)
class UserAdmin(ScopedChoicesMixin, BaseUserAdmin):
    form = UserChangeForm
    add_form = UserCreationForm
    ordering = ["full_name"]
    list_display = ["full_name", "email", "roles", "is_active", "scope_all", "last_login"]
    list_filter = ["is_active", "groups", "branches", "scope_all"]
    search_fields = ["full_name", "email"]
    filter_horizontal = ["groups", "branches", "categories", "domains", "user_permissions"]
    fieldsets = [
        (None, {"fields": ["email", "full_name", "phone", "password"]}),
        (_("Roles"), {"fields": ["groups", "is_active", "is_staff"]}),
        (_("Scope"), {"fields": ["scope_all", "branches", "categories", "domains"]}),
        (_("Special permissions"), {"classes": ["collapse"], "fields": ["is_superuser", "user_permissions"]}),
        (_("Dates"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [(None, {"classes": ["wide"], "fields": ["email", "full_name", "password1", "password2"]})]
    readonly_fields = ["last_login", "date_joined"]

    # Fields that widen what an account sees: only an administrator who already
    # sees everything may set them (issue 9.1), else a branch's administrator
    # could tick them on their own account.
    GLOBAL_ONLY_FIELDS = ("scope_all", "is_superuser", "user_permissions")
    SCOPE_RELATIONS = {"branches": Branch, "categories": Category, "domains": Domain}

    def get_queryset(self, request):
        queryset = super().get_queryset(request).prefetch_related("groups")
        user = request.user
        if user.has_global_scope:
            return queryset
        # Staff of the administrator's branches, and accounts not placed yet; never
        # a global account, whose password or roles would open every branch.
        return (
            queryset.filter(scope_all=False, is_superuser=False)
            .filter(Q(branches__in=user.scope_ids("branch")) | Q(branches__isnull=True))
            .distinct()
        )

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if not request.user.has_global_scope:
            fields += [f for f in self.GLOBAL_ONLY_FIELDS if f not in fields]
        return fields

    def save_related(self, request, form, formsets, change):
        # The form offers only the scope items the administrator sees; the ones
        # the account already had beyond them are kept, not silently dropped.
        kept = {}
        if change and not request.user.has_global_scope:
            for name, model in self.SCOPE_RELATIONS.items():
                visible = model.objects.visible_to(request.user).values("pk")
                kept[name] = list(getattr(form.instance, name).exclude(pk__in=visible))
        super().save_related(request, form, formsets, change)
        for name, items in kept.items():
            getattr(form.instance, name).add(*items)

    @admin.display(description=_("roles"))
    def roles(self, obj: User) -> str:
        return "، ".join(role_label(g.name) for g in obj.groups.all())

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        field = super().formfield_for_manytomany(db_field, request, **kwargs)
        if db_field.name in self.SCOPE_RELATIONS and isinstance(field, forms.ModelMultipleChoiceField):
            field.queryset = field.queryset.visible_to(request.user)
        return field
