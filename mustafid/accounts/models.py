"""Staff users and the data that scopes them: branches, categories, domains."""

from __future__ import annotations

from django.contrib.auth.base_user import BaseUserManager
from django.contrib.auth.models import AbstractBaseUser, PermissionsMixin
from django.db import models
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from mustafid.core.permissions import ScopedQuerySet

from .roles import NARROW_READING_ROLES, Role, role_label, roles_granting


class ScopeItem(models.Model):
    """A branch, beneficiary category or society domain: data the administrator manages."""

    name = models.CharField(_("name"), max_length=150, unique=True)
    name_en = models.CharField(_("name in English"), max_length=150, blank=True)
    code = models.SlugField(_("code"), max_length=40, unique=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        abstract = True
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class BranchQuerySet(ScopedQuerySet):
    scope_lookups = {"branch": "pk"}


class CategoryQuerySet(ScopedQuerySet):
    scope_lookups = {"category": "pk"}


class DomainQuerySet(ScopedQuerySet):
    scope_lookups = {"domain": "pk"}


class Branch(ScopeItem):
    city = models.CharField(_("city"), max_length=100, blank=True)
    objects = BranchQuerySet.as_manager()

    class Meta(ScopeItem.Meta):
        verbose_name = _("branch")
        verbose_name_plural = _("branches")


class Category(ScopeItem):
    objects = CategoryQuerySet.as_manager()

    class Meta(ScopeItem.Meta):
        verbose_name = _("beneficiary category")
        verbose_name_plural = _("beneficiary categories")


class Domain(ScopeItem):
    objects = DomainQuerySet.as_manager()

    class Meta(ScopeItem.Meta):
        verbose_name = _("society domain")
        verbose_name_plural = _("society domains")


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def _create(self, email: str, password: str | None, **extra):
        if not email:
            raise ValueError("a staff member needs an email address")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra):
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra):
        extra.update(is_staff=True, is_superuser=True, scope_all=True)
        return self._create(email, password, **extra)

    def get_by_natural_key(self, username):
        return self.get(email__iexact=username)


# The system accounts the software acts through, by email: what their name says is
# translated when shown (issue 10.4), not the name stored once when the account was made.
PORTAL_ACCOUNT_EMAIL = "portal@mustafid.system"
SYSTEM_ACCOUNT_NAMES = {PORTAL_ACCOUNT_EMAIL: _("Beneficiaries' portal")}


class User(AbstractBaseUser, PermissionsMixin):
    """A staff member. Beneficiaries have no account (they use the portal)."""

    email = models.EmailField(_("email address"), unique=True)
    full_name = models.CharField(_("full name"), max_length=150)
    phone = models.CharField(_("mobile number"), max_length=20, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    is_staff = models.BooleanField(
        _("can use the administration site"),
        default=False,
        help_text=_("For administrators who configure the system."),
    )
    date_joined = models.DateTimeField(_("date joined"), default=timezone.now)
    branches = models.ManyToManyField(Branch, blank=True, verbose_name=_("branches"), related_name="staff")
    categories = models.ManyToManyField(
        Category, blank=True, verbose_name=_("beneficiary categories"), related_name="staff"
    )
    domains = models.ManyToManyField(Domain, blank=True, verbose_name=_("society domains"), related_name="staff")
    scope_all = models.BooleanField(
        _("sees every branch, category and domain"),
        default=False,
        help_text=_("For senior management and administrators; everyone else is limited to their scope."),
    )

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        ordering = ["full_name"]
        verbose_name = _("staff member")
        verbose_name_plural = _("staff members")

    def __str__(self) -> str:
        return self.get_full_name() or self.email

    def get_full_name(self) -> str:
        system_name = SYSTEM_ACCOUNT_NAMES.get(self.email)
        return str(system_name) if system_name else self.full_name

    def get_short_name(self) -> str:
        return self.full_name.split(" ")[0] if self.full_name else self.email

    # --- roles -----------------------------------------------------------
    @cached_property
    def role_codes(self) -> frozenset[str]:
        return frozenset(self.groups.values_list("name", flat=True))

    def has_role(self, *roles: str) -> bool:
        return (self.is_superuser and Role.ADMINISTRATOR in roles) or bool(self.role_codes & set(roles))

    @property
    def is_volunteer_only(self) -> bool:
        """A volunteer with no other role: least privilege (CH-6)."""
        return self.role_codes == {Role.VOLUNTEER} and not self.is_superuser

    def narrow_reading_roles(self, permission: str) -> frozenset[str]:
        """The roles through which alone the user holds ``permission``, when each of them reads only part of it.

        Empty when a role grants the permission with the whole scope (a desk
        role, senior management, the administrator), or when no role grants it
        at all (the permission check refuses then). The models' ``visible_to``
        narrow their rows by what is returned (``roles.NARROW_READING_ROLES``).
        """
        if self.is_superuser:
            return frozenset()
        granting = self.role_codes & roles_granting(permission)
        return granting if granting <= NARROW_READING_ROLES else frozenset()

    @property
    def role_labels(self) -> list[str]:
        return [role_label(code) for code in sorted(self.role_codes)]

    # --- scope (read by core.permissions) --------------------------------
    @property
    def has_global_scope(self) -> bool:
        return self.is_active and (self.scope_all or self.is_superuser)

    def scope_ids(self, dimension: str) -> list[int]:
        """The ids of the scope items of ``dimension``, read once per user object (one request)."""
        cache = self.__dict__.setdefault("_scope_ids", {})
        if dimension not in cache:
            relation = {"branch": self.branches, "category": self.categories, "domain": self.domains}[dimension]
            cache[dimension] = list(relation.values_list("pk", flat=True))
        return cache[dimension]
