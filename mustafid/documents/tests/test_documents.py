"""The society's documents are published with versions; the publishers follow them (TL-1..TL-4)."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from mustafid.accounts.roles import Role
from mustafid.accounts.tests.factories import UserFactory
from mustafid.documents import services
from mustafid.documents.models import Document, DocumentVersion
from mustafid.requests.tests.factories import pdf_upload

from .factories import published, publisher

pytestmark = pytest.mark.django_db


def test_tl1_a_new_version_takes_the_next_number_and_needs_a_summary_of_changes():
    first = published("اللائحة الأساسية", slug="bylaws", kind=Document.Kind.BYLAWS)
    assert first.number == 1 and first.changes == ""
    with pytest.raises(ValidationError) as no_summary:
        services.publish_version(by=publisher(), document=first.document, body="نص جديد")
    assert "changes" in no_summary.value.error_dict
    second = services.publish_version(
        by=publisher(), document=first.document, body="نص جديد", changes="عدلت مدة العضوية"
    )
    assert second.number == 2


def test_tl1_a_published_version_is_never_rewritten():
    version = published()
    version.body = "نص آخر"
    with pytest.raises(ValidationError):
        version.save()
    assert DocumentVersion.objects.get(pk=version.pk).body.startswith("تصرف المساعدات")


def test_tl4_the_pdf_copy_is_checked_by_its_content_and_kept_in_private_storage():
    version = published(pdf=pdf_upload("سياسة-الصرف.pdf"))
    assert version.pdf_name == "سياسة-الصرف.pdf"
    assert version.pdf.name.endswith(".pdf") and "سياسة" not in version.pdf.name
    disguised = SimpleUploadedFile("policy.pdf", b"\x89PNG\r\n\x1a\n not a pdf", content_type="application/pdf")
    with pytest.raises(ValidationError) as refused:
        services.publish_version(by=publisher(), document=version.document, body="ب", changes="ج", pdf=disguised)
    assert "pdf" in refused.value.error_dict
    assert version.document.versions.count() == 1


def test_only_management_and_administrators_publish_documents():
    with pytest.raises(PermissionDenied):
        published(by=UserFactory(role=Role.HR))
    with pytest.raises(PermissionDenied):
        published(by=UserFactory(role=Role.CASE_WORKER))
    assert published(by=UserFactory(role=Role.ADMINISTRATOR, scope_all=True)).pk


def test_two_documents_cannot_share_a_portal_address():
    published(slug="aid-policy")
    with pytest.raises(ValidationError) as taken:
        services.create_document(by=publisher(), kind=Document.Kind.OTHER, title="وثيقة أخرى", slug="aid-policy")
    assert "slug" in taken.value.error_dict


def test_the_publisher_creates_a_document_then_publishes_its_versions_on_the_staff_pages(client):
    client.force_login(publisher())
    created = client.post(
        reverse("documents:new"),
        {"title": "سياسة إدارة التطوع", "kind": "volunteers", "slug": "volunteers", "is_public": "on"},
    )
    document = Document.objects.get(slug="volunteers")
    assert created.status_code == 302 and created["Location"] == reverse("documents:publish", args=[document.pk])
    done = client.post(reverse("documents:publish", args=[document.pk]), {"body": "يسجل المتطوع.", "pdf": pdf_upload()})
    assert done.status_code == 302
    refused = client.post(reverse("documents:publish", args=[document.pk]), {"body": "يسجل المتطوع ويدرب."})
    assert refused.status_code == 200 and "يسجل المتطوع ويدرب." in refused.content.decode()
    client.post(reverse("documents:publish", args=[document.pk]), {"body": "يسجل المتطوع ويدرب.", "changes": "التدريب"})
    page = client.get(reverse("documents:detail", args=[document.pk]))
    body = page.content.decode()
    assert 'data-testid="version-2"' in body and "التدريب" in body and 'data-testid="version-1"' in body
    listing = client.get(reverse("documents:manage")).content.decode()
    assert "سياسة إدارة التطوع" in listing


def test_the_document_list_reads_in_bounded_queries(client, django_assert_max_num_queries):
    client.force_login(publisher())
    published()
    url = reverse("documents:manage")
    client.get(url)
    with django_assert_max_num_queries(25) as few:
        client.get(url)
    for n in range(6):
        published(f"وثيقة {n}", slug=f"doc-{n}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url)


def test_the_demo_documents_are_published_in_arabic_and_load_twice_without_duplicates(client):
    from io import StringIO

    from mustafid.accounts import demo as accounts_demo
    from mustafid.documents import demo

    out = StringIO()
    accounts_demo.load(out)
    demo.load(out)
    demo.load(out)
    assert set(Document.objects.values_list("kind", flat=True)) == {"bylaws", "partners", "volunteers", "aid"}
    assert DocumentVersion.objects.count() == 5
    body = client.get(reverse("portal:document", args=["aid-policy"])).content.decode()
    assert "سياسة صرف المساعدات" in body and 'data-testid="diff"' in body
