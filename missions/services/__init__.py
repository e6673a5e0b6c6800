"""Every change of the volunteering missions: one function per transition (each fires
its row of `missions.transitions`), plus the creations. Pages, API and admin call
these and nothing else."""

from missions.services.availability import availability_add, availability_remove
from missions.services.candidacy import (
    mission_accept,
    mission_apply,
    mission_decline,
    mission_invite,
    mission_select,
    mission_shortlist,
    mission_withdraw,
)
from missions.services.conduct import mission_report, mission_start
from missions.services.decisions import mission_approve, mission_cancel, mission_certify
from missions.services.institutions import (
    expert_account_verify,
    institution_register,
    institution_update,
)
from missions.services.licences import licence_add, licence_check, licence_refuse
from missions.services.needs import (
    need_cancel,
    need_close,
    need_create,
    need_publish,
    need_reopen,
    need_send_back,
    need_staff,
    need_submit,
    need_update,
)

__all__ = [
    "availability_add",
    "availability_remove",
    "expert_account_verify",
    "institution_register",
    "institution_update",
    "licence_add",
    "licence_check",
    "licence_refuse",
    "mission_accept",
    "mission_apply",
    "mission_approve",
    "mission_cancel",
    "mission_certify",
    "mission_decline",
    "mission_invite",
    "mission_report",
    "mission_select",
    "mission_shortlist",
    "mission_start",
    "mission_withdraw",
    "need_cancel",
    "need_close",
    "need_create",
    "need_publish",
    "need_reopen",
    "need_send_back",
    "need_staff",
    "need_submit",
    "need_update",
]
