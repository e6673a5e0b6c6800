"""What the Django admin may write, model by model, for the superuser himself.

Routing rows (viewflow's processes and tasks), history, documents and the
processes' objects are read-only there; domain data is written only through the
services (the admin's save or action calls them, with `source=admin`); nothing
with a history is deleted. Reference data (geography, sectors, the survey's
indicators…) and accounts are edited directly. A model registered in the admin
without a row below fails this test: decide what its admin may do, then list it.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib import admin
from django.test import RequestFactory

R, SERVICE, DIRECT = "read-only", "through the services", "reference data, edited directly"

# label: (add, change, delete, how a write is done)
ADMINS: dict[str, tuple[bool, bool, bool, str]] = {
    "auth.user": (True, True, True, "accounts (Django's own admin)"),
    "auth.group": (True, True, True, "roles (Django's own admin)"),
    "knox.authtoken": (False, False, True, "revoked by removing it; issued by the API"),
    "axes.accessattempt": (False, False, True, "removing an account's failures lifts its lockout"),
    "axes.accesslog": (False, False, False, R),
    "axes.accessfailurelog": (False, False, False, R),
    "otp_totp.totpdevice": (False, False, True, "removed for a lost phone; enrolled by its owner"),
    "audit.historyentry": (False, False, False, R),
    "viewflow.process": (False, False, False, R),
    "viewflow.task": (False, False, False, R),
    "registry.region": (True, True, True, DIRECT),
    "registry.prefecture": (True, True, True, DIRECT),
    "registry.sectorchoice": (True, True, True, DIRECT),
    "registry.competencedomain": (True, True, True, DIRECT),
    "registry.embassy": (True, True, True, DIRECT),
    "registry.association": (True, True, False, SERVICE),
    "registry.membership": (True, False, False, SERVICE),
    "registry.expert": (True, True, False, SERVICE),
    "registry.importbatch": (False, False, False, R),
    "documents.storeddocument": (False, False, False, R),
    "documents.documentfailure": (False, False, False, R + "; retried through the service"),
    "workflows.call": (True, True, False, SERVICE),
    "workflows.proposal": (False, False, False, R + "; actions fire the services"),
    "cases.surveyindicator": (True, True, False, DIRECT),
    "cases.case": (False, False, False, R),
    "cases.caseread": (False, False, False, R),
    "missions.hostinstitution": (False, False, False, R + "; registered through the services"),
    "missions.missionneed": (False, False, False, R),
    "missions.mission": (False, False, False, R),
    "missions.availability": (False, False, False, R),
    "missions.professionallicence": (False, False, False, R),
    "difficulties.difficulty": (False, False, False, R + "; actions fire the services"),
    "difficulties.administration": (True, True, False, SERVICE),
    "difficulties.onlineservice": (True, True, False, SERVICE),
}

# parent label > inline label: (add, change, delete)
INLINES: dict[str, tuple[bool, bool, bool]] = {
    "viewflow.process>viewflow.task": (False, False, False),
    "registry.region>registry.prefecture": (True, True, True),
    "registry.embassy>registry.jurisdiction": (True, True, True),
    "registry.association>registry.membership": (False, False, False),
    "workflows.call>workflows.criterion": (True, True, True),  # saved by services.call_save
    "workflows.proposal>workflows.budgetline": (False, False, False),
    "workflows.proposal>workflows.contribution": (False, False, False),
    "workflows.proposal>workflows.review": (False, False, False),
    "workflows.proposal>workflows.tranche": (False, False, False),
    "missions.missionneed>missions.mission": (False, False, False),
    "missions.mission>missions.missionreport": (False, False, False),
    "difficulties.difficulty>difficulties.difficultyanswer": (False, False, False),
}


@pytest.fixture
def superuser_request(cast: dict[str, Any]) -> Any:
    request = RequestFactory().get("/admin/")
    request.user = cast["users"]["admin"]
    return request


def test_every_registered_admin_is_listed() -> None:
    registered = {model._meta.label_lower for model in admin.site._registry}
    assert registered == set(ADMINS)


@pytest.mark.parametrize("label", sorted(ADMINS))
def test_what_the_admin_may_write(label: str, superuser_request: Any) -> None:
    model_admin = next(a for m, a in admin.site._registry.items() if m._meta.label_lower == label)
    add, change, delete, _how = ADMINS[label]
    assert (
        model_admin.has_add_permission(superuser_request),
        model_admin.has_change_permission(superuser_request),
        model_admin.has_delete_permission(superuser_request),
    ) == (add, change, delete)
    if not delete:
        assert "delete_selected" not in model_admin.get_actions(superuser_request)
    inlines = {
        f"{label}>{inline.model._meta.label_lower}": inline
        for inline in model_admin.get_inline_instances(superuser_request)
    }
    assert set(inlines) == {key for key in INLINES if key.startswith(f"{label}>")}
    for key, inline in inlines.items():
        assert (
            inline.has_add_permission(superuser_request, None),
            inline.has_change_permission(superuser_request, None),
            inline.has_delete_permission(superuser_request, None),
        ) == INLINES[key], key
