"""A need's candidates through the pages: the expert applies with its motivation (and
reads why it may not), the officer and the host read the ranked candidates with the
reasons of their rank (contacts only where `missions.access` allows them), the officer
invites; the host attaches the syllabus to its need."""

from __future__ import annotations

import html
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from audit.models import HistoryEntry, Outcome
from documents.models import Attachment
from missions import matching
from missions.choices import MissionStatus, NeedStatus
from missions.models import Mission, MissionNeed
from registry.models import Expert
from tests.missions.builders import expert_of, make_mission, make_need

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _text(response: Any) -> str:
    return html.unescape(response.content.decode())


def _apply(need: MissionNeed) -> str:
    return reverse("missions:need_apply", args=[need.pk])


def _candidates(need: MissionNeed) -> str:
    return reverse("missions:need_candidates", args=[need.pk])


# --- Applying -------------------------------------------------------------------------


def test_the_expert_applies_with_its_motivation(client_for: Any, expert_paris: Any) -> None:
    need = make_need(NeedStatus.PUBLISHED)
    web = client_for(expert_paris)
    page = web.get(_apply(need))
    assert page.status_code == 200
    assert "Candidater à cette mission" in _text(page)

    response = web.post(_apply(need), {"motivation": "J'enseigne l'algorithmique à Paris."})

    mission = Mission.objects.get(need=need, expert=expert_of("expert_paris"))
    assert (mission.status, mission.motivation) == (
        MissionStatus.APPLIED,
        "J'enseigne l'algorithmique à Paris.",
    )
    assert response.status_code == 302
    assert response["Location"] == mission.get_absolute_url()
    again = web.get(_apply(need))
    assert again.status_code == 302 and again["Location"] == mission.get_absolute_url()


def test_an_expert_who_did_not_consent_is_told_why_it_may_not_apply(
    client_for: Any, expert_paris: Any
) -> None:
    need = make_need(NeedStatus.PUBLISHED)
    Expert.objects.filter(user=expert_paris).update(consent_listed=False)
    response = client_for(expert_paris).post(_apply(need), {"motivation": "Disponible."})
    assert response.status_code == 400
    assert "accepter de figurer dans le répertoire RECOATEX" in _text(response)
    assert "Votre candidature n'a pas été envoyée" in _text(response)
    assert not Mission.objects.filter(need=need).exists()
    refused = HistoryEntry.objects.for_object(need).get(action="apply")
    assert refused.outcome == Outcome.REFUSED


def test_an_expert_without_the_needs_domains_is_told_why_it_may_not_apply(
    client_for: Any, expert_paris: Any
) -> None:
    need = make_need(NeedStatus.PUBLISHED, host="chr_kara", kind="medical", domains=("medicine",))
    response = client_for(expert_paris).post(_apply(need), {"motivation": ""})
    assert response.status_code == 400
    assert "ne comprennent aucun de ceux de la demande" in _text(response)


def test_an_application_to_a_need_no_longer_published_is_refused_in_words(
    client_for: Any, expert_paris: Any, officer: Any
) -> None:
    need = make_need(NeedStatus.PUBLISHED)
    web = client_for(expert_paris)
    web.get(_apply(need))
    client_for(officer).post(
        reverse("missions:need_transition", args=[need.pk, "close"]),
        {"expected_state": "published"},
    )
    response = web.post(_apply(need), {"motivation": ""})
    assert response.status_code in (400, 404)
    assert not Mission.objects.filter(need=need).exists()


@pytest.mark.parametrize("persona", ["officer", "univ_lome", "auditor"])
def test_only_a_verified_expert_applies(
    cast: dict[str, Any], client_for: Any, persona: str
) -> None:
    need = make_need(NeedStatus.PUBLISHED)
    response = client_for(cast["users"][persona]).get(_apply(need))
    assert response.status_code == 403
    assert "Seul un expert dont le compte est vérifié" in _text(response)


# --- The ranked candidates -------------------------------------------------------------


def test_the_officer_reads_the_ranked_candidates_their_reasons_and_contacts(
    client_for: Any, officer: Any
) -> None:
    need = make_need(NeedStatus.PUBLISHED)
    page = client_for(officer).get(_candidates(need))
    assert page.status_code == 200
    shown = _text(page)
    ranked = matching.rank_candidates(need)
    assert ranked
    professor = expert_of("expert_paris")
    assert [row["expert"].pk for row in page.context["rows"]] == [c.expert.pk for c in ranked]
    for candidate in ranked:
        for line in matching.reason_lines(candidate):
            assert line in shown
    assert professor.email in shown
    assert page.context["can_invite"]
    assert "Inviter" in shown


def test_the_host_reads_the_reasons_but_not_the_contacts_of_who_did_not_apply(
    client_for: Any, univ_lome: Any
) -> None:
    need = make_need(NeedStatus.PUBLISHED)
    professor = expert_of("expert_paris")
    web = client_for(univ_lome)
    page = web.get(_candidates(need))
    assert page.status_code == 200
    assert professor.email not in _text(page)
    assert not page.context["can_invite"]
    assert "Inviter" not in _text(page)

    mission = make_mission(MissionStatus.APPLIED, need=need, expert_user="expert_paris")
    applied = web.get(_candidates(need))
    assert professor.email in _text(applied)
    assert applied.context["missions"] == [(mission, True)]
    assert professor.pk not in [row["expert"].pk for row in applied.context["rows"]]


@pytest.mark.parametrize(
    ("persona", "code"),
    [("expert_paris", 403), ("auditor", 403), ("chr_kara", 404), ("assoc_paris", 404)],
)
def test_the_candidates_are_for_the_officer_and_the_needs_host_only(
    cast: dict[str, Any], client_for: Any, persona: str, code: int
) -> None:
    need = make_need(NeedStatus.PUBLISHED)
    response = client_for(cast["users"][persona]).get(_candidates(need))
    assert response.status_code == code
    if code == 403:
        assert "Seuls le chargé de programme et l'établissement demandeur" in _text(response)


def test_the_officer_invites_a_ranked_expert(client_for: Any, officer: Any) -> None:
    need = make_need(NeedStatus.PUBLISHED)
    professor = expert_of("expert_paris")
    web = client_for(officer)
    response = web.post(reverse("missions:need_invite", args=[need.pk]), {"expert": professor.pk})
    assert response.status_code == 302
    assert response["Location"] == _candidates(need)
    mission = Mission.objects.get(need=need, expert=professor)
    assert (mission.status, mission.invited_by) == (MissionStatus.INVITED, officer)
    page = web.get(_candidates(need))
    assert "est invité sur cette demande" in _text(page)
    assert page.context["missions"] == [(mission, True)]
    assert professor.pk not in [row["expert"].pk for row in page.context["rows"]]

    twice = web.post(reverse("missions:need_invite", args=[need.pk]), {"expert": professor.pk})
    assert twice.status_code == 400
    assert "déjà candidat ou invité" in _text(twice)


def test_an_invitation_of_no_expert_is_refused_in_words(client_for: Any, officer: Any) -> None:
    need = make_need(NeedStatus.PUBLISHED)
    response = client_for(officer).post(
        reverse("missions:need_invite", args=[need.pk]), {"expert": "999999"}
    )
    assert response.status_code == 400
    assert "Choisissez un expert de la liste." in _text(response)


def test_the_host_may_not_invite(client_for: Any, univ_lome: Any) -> None:
    need = make_need(NeedStatus.PUBLISHED)
    response = client_for(univ_lome).post(
        reverse("missions:need_invite", args=[need.pk]), {"expert": expert_of("expert_paris").pk}
    )
    assert response.status_code == 403
    assert "Seul un chargé de programme invite un expert." in _text(response)
    assert not Mission.objects.filter(need=need).exists()


# --- The need's pieces ----------------------------------------------------------------


def test_the_host_attaches_the_syllabus_and_candidates_download_it(
    client_for: Any, univ_lome: Any, expert_paris: Any
) -> None:
    need = make_need(NeedStatus.PUBLISHED)
    host = client_for(univ_lome)
    assert 'action="{}"'.format(reverse("missions:need_attach", args=[need.pk])) in _text(
        host.get(need.get_absolute_url())
    )
    upload = SimpleUploadedFile("programme.pdf", PDF, content_type="application/pdf")
    response = host.post(
        reverse("missions:need_attach", args=[need.pk]), {"kind": "syllabus", "file": upload}
    )
    assert response.status_code == 302
    piece = Attachment.objects.get(object_id=need.pk, kind="syllabus")
    page = client_for(expert_paris).get(need.get_absolute_url())
    download = reverse("missions:need_attachment_download", args=[piece.pk])
    assert download in _text(page)
    assert "Joindre la pièce" not in _text(page)
    assert client_for(expert_paris).get(download).status_code == 200


def test_a_piece_refused_on_the_form_shows_the_page_again(client_for: Any, univ_lome: Any) -> None:
    need = make_need(NeedStatus.DRAFT)
    upload = SimpleUploadedFile("notes.txt", b"just text", content_type="text/plain")
    response = client_for(univ_lome).post(
        reverse("missions:need_attach", args=[need.pk]), {"kind": "syllabus", "file": upload}
    )
    assert response.status_code == 400
    assert "La pièce n'a pas été jointe" in _text(response)
    assert "ni un PDF, ni une image JPEG ou PNG" in _text(response)


def test_an_expert_may_not_attach_to_a_need(client_for: Any, expert_paris: Any) -> None:
    need = make_need(NeedStatus.PUBLISHED)
    upload = SimpleUploadedFile("x.pdf", PDF, content_type="application/pdf")
    response = client_for(expert_paris).post(
        reverse("missions:need_attach", args=[need.pk]), {"kind": "other", "file": upload}
    )
    assert response.status_code == 403
    assert not Attachment.objects.filter(object_id=need.pk).exists()
