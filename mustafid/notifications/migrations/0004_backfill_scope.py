"""Give the messages already in the outbox the scope of the beneficiary they are about.

A message's ``about`` object leads to its beneficiary when it is the
beneficiary itself or has a ``beneficiary`` foreign key (a service request,
an interaction). Portal sign-in codes are about nobody: their dedupe key names
the one-time code, whose ID number hash names the beneficiary. Rows that lead
to no beneficiary keep no category nor domain: only global-scope staff see them.
"""

from django.db import migrations

BATCH = 2000
PORTAL_PREFIX = "portal-code:"


def _beneficiary_ids_by_about(apps, about_type_id, about_ids):
    ContentType = apps.get_model("contenttypes", "ContentType")
    content_type = ContentType.objects.get(pk=about_type_id)
    try:
        model = apps.get_model(content_type.app_label, content_type.model)
    except LookupError:
        return {}
    pks = [int(pk) for pk in about_ids if pk.isdigit()]
    if model._meta.label_lower == "beneficiaries.beneficiary":
        return {str(pk): pk for pk in model.objects.filter(pk__in=pks).values_list("pk", flat=True)}
    field_names = {f.name for f in model._meta.get_fields()}
    if "beneficiary" not in field_names:
        return {}
    return {str(pk): b for pk, b in model.objects.filter(pk__in=pks).values_list("pk", "beneficiary_id")}


def _portal_beneficiary_ids(apps, keys):
    OneTimeCode = apps.get_model("portal", "OneTimeCode")
    Beneficiary = apps.get_model("beneficiaries", "Beneficiary")
    code_ids = {key: key.removeprefix(PORTAL_PREFIX) for key in keys}
    hashes = dict(
        OneTimeCode.objects.filter(pk__in=[c for c in code_ids.values() if c.isdigit()]).values_list(
            "pk", "national_id_hash"
        )
    )
    by_hash = dict(Beneficiary.objects.filter(national_id_hash__in=hashes.values()).values_list("national_id_hash", "pk"))
    return {
        key: by_hash.get(hashes.get(int(code)))
        for key, code in code_ids.items()
        if code.isdigit() and hashes.get(int(code)) in by_hash
    }


def backfill(apps, schema_editor):
    Notification = apps.get_model("notifications", "Notification")
    Beneficiary = apps.get_model("beneficiaries", "Beneficiary")
    Link = Notification.domains.through
    BeneficiaryDomain = Beneficiary.domains.through
    last = 0
    while True:
        rows = list(
            Notification.objects.filter(pk__gt=last, category__isnull=True)
            .order_by("pk")
            .values("pk", "about_type_id", "about_id", "dedupe_key")[:BATCH]
        )
        if not rows:
            return
        last = rows[-1]["pk"]
        beneficiary_of = {}
        by_type = {}
        for row in rows:
            if row["about_type_id"]:
                by_type.setdefault(row["about_type_id"], []).append(row)
        for about_type_id, typed in by_type.items():
            mapping = _beneficiary_ids_by_about(apps, about_type_id, [r["about_id"] for r in typed])
            for row in typed:
                if mapping.get(row["about_id"]):
                    beneficiary_of[row["pk"]] = mapping[row["about_id"]]
        portal = [r for r in rows if r["dedupe_key"].startswith(PORTAL_PREFIX)]
        if portal:
            by_key = _portal_beneficiary_ids(apps, [r["dedupe_key"] for r in portal])
            for row in portal:
                if by_key.get(row["dedupe_key"]):
                    beneficiary_of[row["pk"]] = by_key[row["dedupe_key"]]
        if not beneficiary_of:
            continue
        scope = {
            b["pk"]: b
            for b in Beneficiary.objects.filter(pk__in=set(beneficiary_of.values())).values("pk", "branch_id", "category_id")
        }
        domains = {}
        for b, d in BeneficiaryDomain.objects.filter(beneficiary_id__in=scope).values_list("beneficiary_id", "domain_id"):
            domains.setdefault(b, []).append(d)
        changed = []
        links = []
        for notification in Notification.objects.filter(pk__in=beneficiary_of).only("pk", "branch"):
            b = scope.get(beneficiary_of[notification.pk])
            if b is None:
                continue
            notification.category_id = b["category_id"]
            notification.branch_id = notification.branch_id or b["branch_id"]
            changed.append(notification)
            links.extend(Link(notification_id=notification.pk, domain_id=d) for d in domains.get(b["pk"], []))
        Notification.objects.bulk_update(changed, ["category", "branch"])
        Link.objects.bulk_create(links, ignore_conflicts=True)


class Migration(migrations.Migration):
    dependencies = [
        ("notifications", "0003_scope_category_domains"),
        ("beneficiaries", "0004_encrypt_correction_requests"),
        ("interactions", "0002_encrypt_counterpart"),
        ("portal", "0002_device_bound_codes_and_budgets"),
        ("requests", "0003_workflow"),
    ]

    operations = [migrations.RunPython(backfill, migrations.RunPython.noop)]
