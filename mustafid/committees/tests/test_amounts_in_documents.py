"""The committee's minute writes the approved amount ``6,000.00 ريال`` (issue 10.2).

The card a committee reads (its pages and the minute) wrote the ``Decimal``
as stored (``6000.00``), with no grouping; it goes through ``format_amount`` now.
"""

from decimal import Decimal

from mustafid.committees import services
from mustafid.committees.documents import render_minute

from .helpers import at_committee, declare_and_vote, in_session
from .test_pdf_text_layer import pdf_text


def test_the_minute_shows_the_approved_amount_grouped(c):
    request = at_committee(c)
    meeting, (item,) = in_session(c, [request])
    declare_and_vote(c, item, {"chair": "approved", "m1": "approved", "m2": "approved"})
    services.decide_item(
        by=c["chair"], item=item, decision="approved", reasons="ثبتت الحاجة", approved_amount=Decimal("6000")
    )
    text = pdf_text(render_minute(meeting))
    assert "6,000.00" in text and "ريال" in text
    assert "6000" not in text
