"""A committee meeting's workflow, declared once (RL-4).

Planned, then in session once the attendance is recorded, then closed with
its minute; a closed meeting changes no more, but its members present
approve the minute one by one.
"""

from __future__ import annotations

from collections.abc import Mapping

from django.utils.translation import gettext_lazy as _

from mustafid.core.workflow import Action, State, Workflow

from .models import Meeting

S = Meeting.Status
IN_SESSION: Mapping[str, str] = {S.HELD: S.HELD}

MEETING_FLOW = Workflow(
    model="committees.Meeting",
    initial=S.PLANNED,
    states=[State(S.PLANNED, tone="info"), State(S.HELD, tone="success"), State(S.CLOSED, tone="secondary")],
    actions=[
        Action(
            "add_to_agenda",
            _("Put cases on the agenda"),
            "committees.add_agendaitem",
            {
                S.PLANNED: S.PLANNED,
                S.HELD: S.HELD,
            },
        ),
        Action(
            "record_attendance",
            _("Record the attendance"),
            "committees.change_meeting",
            {
                S.PLANNED: S.HELD,
                S.HELD: S.HELD,
            },
        ),
        Action("declare", _("Declare a conflict of interest"), "committees.add_conflictdeclaration", IN_SESSION),
        Action("vote", _("Vote"), "committees.add_vote", IN_SESSION),
        Action("decide", _("Record the committee's decision"), "committees.change_meeting", IN_SESSION),
        Action("send_back", _("Send back for more study"), "committees.change_meeting", IN_SESSION),
        Action("close", _("Close the meeting with its minute"), "committees.change_meeting", {S.HELD: S.CLOSED}),
        # CP-2: the minute is established once the members present approve it.
        Action("approve_minute", _("Approve the minute"), "committees.add_vote", {S.CLOSED: S.CLOSED}),
    ],
    groups={"open": (S.PLANNED, S.HELD)},
)
