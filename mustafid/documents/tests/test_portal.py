"""The portal shows the society's documents, their versions and what changed, to anyone (TL-1..TL-4, IN-3)."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from mustafid.documents import services
from mustafid.documents.models import Document
from mustafid.requests.tests.factories import pdf_upload

from .factories import published, publisher

pytestmark = pytest.mark.django_db

EASTERN_DIGITS = re.compile("[\u0660-\u0669\u06f0-\u06f9]")


def second_version(first, body: str, changes: str = "أضيف شرط الإقامة", pdf=None):
    return services.publish_version(by=publisher(), document=first.document, body=body, changes=changes, pdf=pdf)


def test_tl1_anyone_lists_the_public_documents_with_their_version_in_force(client):
    aid = published("سياسة صرف المساعدات", slug="aid-policy")
    second_version(aid, "تصرف المساعدات بعد دراسة الحالة.")
    published("مسودة داخلية", slug="internal", is_public=False)
    services.create_document(by=publisher(), kind=Document.Kind.BYLAWS, title="لائحة لم تنشر", slug="bylaws")
    page = client.get(reverse("portal:documents"), HTTP_ACCEPT_LANGUAGE="ar")
    body = page.content.decode()
    assert page.status_code == 200
    assert "سياسة صرف المساعدات" in body and reverse("portal:document", args=["aid-policy"]) in body
    assert "مسودة داخلية" not in body  # not public
    assert "لائحة لم تنشر" not in body  # nothing published yet
    assert not EASTERN_DIGITS.search(body)


def test_in3_the_document_page_shows_the_version_in_force_and_what_changed_since_the_previous(client):
    first = published(body="تصرف المساعدات بعد دراسة الحالة.\nيبلغ المستفيد بالقرار.")
    second_version(first, "تصرف المساعدات بعد دراسة الحالة.\nيشترط أن يقيم المستفيد في نطاق الجمعية.")
    page = client.get(reverse("portal:document", args=["aid-policy"]), HTTP_ACCEPT_LANGUAGE="ar")
    body = page.content.decode()
    text = body[body.index('data-testid="document-text"') :]
    assert "يشترط أن يقيم المستفيد" in text.split("</article>")[0]
    assert "أضيف شرط الإقامة" in body  # the summary of changes
    diff = body[body.index('data-testid="diff"') :].split("</ol>")[0]
    assert re.search(r"<del[^>]*>يبلغ المستفيد بالقرار.</del>", diff)
    assert re.search(r"<ins[^>]*>يشترط أن يقيم المستفيد في نطاق الجمعية.</ins>", diff)
    assert "تصرف المساعدات بعد دراسة الحالة." in diff  # kept paragraphs give the context
    assert reverse("portal:document_version", args=["aid-policy", 1]) in body  # the older version
    assert 'style="' not in body  # CSP: no inline style
    assert not EASTERN_DIGITS.search(body)


def test_tl1_an_older_version_is_shown_as_no_longer_in_force(client):
    first = published(body="النص الأول.")
    second_version(first, "النص الثاني.")
    page = client.get(reverse("portal:document_version", args=["aid-policy", 1]))
    body = page.content.decode()
    assert "النص الأول." in body and 'data-testid="superseded"' in body
    assert 'data-testid="diff"' not in body  # the first version has nothing before it
    assert client.get(reverse("portal:document_version", args=["aid-policy", 3])).status_code == 404


def test_a_document_not_shown_on_the_portal_is_not_found_nor_its_pdf(client):
    hidden = published(slug="internal", is_public=False, pdf=pdf_upload())
    assert client.get(reverse("portal:document", args=["internal"])).status_code == 404
    assert client.get(reverse("portal:document_pdf", args=["internal", hidden.number])).status_code == 404


def test_tl4_the_pdf_copy_of_a_public_document_is_served_through_the_portal(client):
    first = published(pdf=pdf_upload())
    second_version(first, "نص بلا نسخة.")
    answer = client.get(reverse("portal:document_pdf", args=["aid-policy", 1]))
    assert answer.status_code == 200 and answer["Content-Type"] == "application/pdf"
    assert answer["X-Content-Type-Options"] == "nosniff"
    assert b"".join(answer.streaming_content).startswith(b"%PDF-")
    assert client.get(reverse("portal:document_pdf", args=["aid-policy", 2])).status_code == 404  # no copy


def test_the_portal_links_to_the_documents_on_every_page(client):
    body = client.get(reverse("portal:home")).content.decode()
    assert reverse("portal:documents") in body


def test_the_portal_pages_read_in_bounded_queries(client, django_assert_max_num_queries):
    first = published()
    list_url, page_url = reverse("portal:documents"), reverse("portal:document", args=["aid-policy"])
    client.get(list_url), client.get(page_url)
    with django_assert_max_num_queries(20) as listing:
        client.get(list_url)
    with django_assert_max_num_queries(20) as page:
        client.get(page_url)
    version = first
    for n in range(5):
        published(f"وثيقة {n}", slug=f"doc-{n}")
        version = second_version(version, f"نص {n}.", changes=f"تغيير {n}")
    with django_assert_max_num_queries(len(listing.captured_queries)):
        client.get(list_url)
    with django_assert_max_num_queries(len(page.captured_queries)):
        client.get(page_url)
