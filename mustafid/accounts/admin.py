from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.forms import UserChangeForm as BaseUserChangeForm
from django.contrib.auth.forms import UserCreationForm as BaseUserCreationForm
from django.utils.translation import gettext_lazy as _

from mustafid.core.admin_scope import ScopedAdminMixin, ScopedChoicesMixin

from .models import Branch, Category, Domain, User


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

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("groups")

    @admin.display(description=_("roles"))
    def roles(self, obj: User) -> str:
        from .roles import role_label

        return "، ".join(role_label(g.name) for g in obj.groups.all())

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        field = super().formfield_for_manytomany(db_field, request, **kwargs)
        if db_field.name == "groups" and isinstance(field, forms.ModelMultipleChoiceField):
            from .roles import role_label

            field.label_from_instance = lambda group: role_label(group.name)
        return field
