"""Branches, categories, domains and the staff the benchmark acts as (idempotent)."""

from __future__ import annotations

from dataclasses import dataclass

BRANCHES = [  # (code, name, city, share of the beneficiaries)
    ("hq", "المقر الرئيسي - المستجدة", "المستجدة", 0.30),
    ("hail", "فرع حائل", "حائل", 0.25),
    ("riyadh", "فرع الرياض", "الرياض", 0.25),
    ("qassim", "فرع القصيم", "بريدة", 0.12),
    ("jouf", "فرع الجوف", "سكاكا", 0.08),
]
CATEGORIES = [
    ("families", "الأسر المحتاجة", 0.40),
    ("orphans", "الأيتام", 0.15),
    ("widows", "الأرامل والمطلقات", 0.20),
    ("elderly", "كبار السن", 0.15),
    ("disabled", "ذوو الإعاقة", 0.10),
]
DOMAINS = [
    ("financial-aid", "المساعدات المالية"),
    ("in-kind-aid", "المساعدات العينية"),
    ("training", "التدريب والتأهيل"),
    ("housing", "الإسكان"),
]
SCOPED_BRANCH = "hail"
BENCH_EMAIL_DOMAIN = "bench.mustafid.test"


@dataclass
class Scope:
    branches: list[tuple[int, str, float]]  # (pk, city, share)
    categories: list[tuple[int, float]]
    domains: list[int]


def scope_items() -> Scope:
    from mustafid.accounts.models import Branch, Category, Domain

    branches = []
    for code, name, city, share in BRANCHES:
        branch, _ = Branch.objects.get_or_create(code=code, defaults={"name": name, "city": city})
        branches.append((branch.pk, city, share))
    categories = []
    for code, name, share in CATEGORIES:
        category, _ = Category.objects.get_or_create(code=code, defaults={"name": name})
        categories.append((category.pk, share))
    domains = [Domain.objects.get_or_create(code=code, defaults={"name": name})[0].pk for code, name in DOMAINS]
    return Scope(branches, categories, domains)


def staff(email_name: str, full_name: str, *, role: str, branches=None, categories=None, domains=None):
    """A staff member with ``role``; global scope when ``branches`` is None."""
    from django.contrib.auth.models import Group

    from mustafid.accounts.models import Category, Domain, User

    email = f"{email_name}@{BENCH_EMAIL_DOMAIN}"
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create_user(email=email, full_name=full_name, scope_all=branches is None)
        user.set_unusable_password()
        user.save()
        user.groups.add(Group.objects.get(name=role))
    if branches is not None:
        user.branches.set(branches)
        user.categories.set(categories if categories is not None else Category.objects.all())
        user.domains.set(domains if domains is not None else Domain.objects.all())
    return user


def global_user():
    return staff("global", "مدير الحالات - كل الفروع", role="case_worker")


def branch_user():
    from mustafid.accounts.models import Branch

    branches = Branch.objects.filter(code=SCOPED_BRANCH)
    return staff("hail", "باحث حالات - فرع حائل", role="case_worker", branches=branches)


def importer_user():
    return staff("importer", "مسؤول النظام - الاستيراد", role="administrator")
