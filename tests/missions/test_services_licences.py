"""Licences filed by their expert and checked by an officer; institutions registered by an
officer; a refused creation by someone with no row of their own answers in words."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import User

from audit.models import HistoryEntry
from missions import services
from missions.choices import LicenceStatus
from missions.models import HostInstitution, ProfessionalLicence
from processes.transitions import ConditionsUnmet, NotAllowed

pytestmark = pytest.mark.django_db
WEB = "web"


def add(user: User, number: str = "RPPS-9") -> ProfessionalLicence:
    return services.licence_add(
        country="FR", number=number, profession="Médecin", by=user, source=WEB
    )


@pytest.mark.parametrize("persona", ["officer", "univ_lome", "focal_paris", "assoc_paris"])
def test_only_a_verified_expert_files_a_licence(cast: dict[str, Any], persona: str) -> None:
    before = ProfessionalLicence.objects.count()
    with pytest.raises(NotAllowed, match="Seul l'expert dépose son autorisation"):
        add(User.objects.get(username=persona))
    assert ProfessionalLicence.objects.count() == before


def test_a_licence_is_filed_once(expert_paris: User) -> None:
    licence = add(expert_paris)
    assert licence.status == LicenceStatus.PENDING
    with pytest.raises(ConditionsUnmet, match="déjà déposée"):
        add(expert_paris)


@pytest.mark.parametrize("decide", ["check", "refuse"])
def test_the_officer_decides_and_is_recorded(
    expert_paris: User, officer: User, decide: str
) -> None:
    licence = add(expert_paris)
    if decide == "check":
        licence = services.licence_check(licence=licence, by=officer, source=WEB)
    else:
        licence = services.licence_refuse(
            licence=licence, comment="Numéro inconnu.", by=officer, source=WEB
        )
    assert (licence.checked_by, licence.checked_at is not None) == (officer, True)
    row = HistoryEntry.objects.for_object(licence).get(action=f"{decide}_licence")
    assert (row.by, row.source_state, row.target_state) == (
        officer,
        LicenceStatus.PENDING,
        licence.status,
    )


def test_an_expert_does_not_check_its_own_licence(expert_paris: User) -> None:
    licence = add(expert_paris)
    with pytest.raises(NotAllowed, match="Seul un chargé de programme vérifie"):
        services.licence_check(licence=licence, by=expert_paris, source=WEB)


@pytest.mark.parametrize("persona", ["univ_lome", "expert_paris", "auditor"])
def test_only_an_officer_registers_an_institution(cast: dict[str, Any], persona: str) -> None:
    before = HostInstitution.objects.count()
    with pytest.raises(NotAllowed, match="Seul un chargé de programme inscrit"):
        services.institution_register(
            fields={"name": "Lycée de Tsévié"}, by=User.objects.get(username=persona), source=WEB
        )
    assert HostInstitution.objects.count() == before
