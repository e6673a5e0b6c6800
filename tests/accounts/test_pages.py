"""Pages every user meets: login, "Mon espace", navigation, password, error pages."""

from __future__ import annotations

import html
from typing import Any, cast

import pytest
from django.test import Client, RequestFactory
from django.urls import reverse
from django.views.defaults import server_error

from registry.models import Association, Embassy, Membership
from tests.factories import AssociationFactory, UserFactory


def _text(response: Any) -> str:
    return html.unescape(response.content.decode())


def test_the_login_page_is_in_french(client: Client, db: None) -> None:
    response = client.get(reverse("login"))
    page = _text(response)
    assert response.status_code == 200
    assert '<html lang="fr">' in page
    assert "Connexion" in page
    assert "Mot de passe" in page


def test_a_wrong_password_is_answered_in_french_and_keeps_the_username(
    client: Client, cast: Any
) -> None:
    response = client.post(reverse("login"), {"username": "officer", "password": "faux"})
    page = _text(response)
    assert response.status_code == 200
    assert "utilisateur et un mot de passe valides." in page
    assert 'value="officer"' in page


def test_a_demo_user_logs_in_and_lands_on_its_home_page(client: Client, cast: Any) -> None:
    response = client.post(
        reverse("login"), {"username": "focal_paris", "password": "demo"}, follow=True
    )
    assert response.redirect_chain[-1][0] == reverse("home")
    assert "Mon espace" in _text(response)


# persona, texts its home page must show, texts it must not show
HOME = [
    (
        "focal_paris",
        ["Associations à vérifier", "Amicale des Originaires de la Kozah à Lyon", "Import CSV"],
        ["Collectif des Femmes du Zio"],
    ),
    (
        "assoc_paris",
        ["Mes associations", "Association des Ressortissants de Kloto en France", "Vérifiée"],
        ["Diaspora Solidaire des Savanes", "Import CSV"],
    ),
    (
        "assoc_brussels",
        [
            "Mes associations",
            "Diaspora Solidaire des Savanes en Belgique",
            "Inscrire une association",
        ],
        ["Ressortissants de Kloto"],
    ),
    (
        "officer",
        [
            "Inscriptions récentes en attente",
            "Amicale des Originaires de la Kozah à Lyon",
            "Collectif des Femmes du Zio à Anvers",
            "Importer un fichier CSV",
        ],
        [],
    ),
    (
        "evaluator1",
        ["Bienvenue", "Évaluateur technique", "Associations", "Compétences"],
        ["Import"],
    ),
    ("committee", ["Bienvenue", "Membre du comité", "Associations"], ["Import"]),
    ("finance", ["Bienvenue", "Agent financier", "Associations"], ["Import"]),
    ("caseworker1", ["Bienvenue", "Compétences"], ["Associations", "Import"]),
    ("supervisor", ["Bienvenue", "Superviseur de la cellule", "Compétences"], ["Associations"]),
    ("auditor", ["Bienvenue", "Auditeur", "Associations", "Compétences"], ["Import"]),
    ("admin_user", ["Inscriptions récentes en attente", "Administration"], []),
]


@pytest.mark.parametrize(("persona", "shown", "hidden"), HOME)
def test_every_demo_user_gets_a_home_page_made_for_its_roles(
    request: pytest.FixtureRequest, persona: str, shown: list[str], hidden: list[str]
) -> None:
    client = request.getfixturevalue("client_for")(request.getfixturevalue(persona))
    response = client.get(reverse("home"))
    assert response.status_code == 200
    page = _text(response)
    for text in shown:
        assert text in page, text
    for text in hidden:
        assert text not in page, text


def test_a_user_without_any_role_is_told_whom_to_ask(client_for: Any, cast: Any) -> None:
    response = client_for(UserFactory()).get(reverse("home"))
    assert response.status_code == 200
    assert "Adressez-vous à l'administrateur" in _text(response)


@pytest.mark.parametrize("persona", ["officer", "focal_paris", "assoc_paris", "evaluator1"])
@pytest.mark.parametrize("rows", [5, 50])
def test_the_home_page_runs_a_small_constant_number_of_queries(
    request: pytest.FixtureRequest,
    django_assert_max_num_queries: Any,
    paris_embassy: Embassy,
    persona: str,
    rows: int,
) -> None:
    user = request.getfixturevalue(persona)
    for n in range(rows):
        association = cast(
            Association, AssociationFactory(name=f"Pending {n:03d}", embassy=paris_embassy)
        )
        Membership.objects.create(user=user, association=association)
    client = request.getfixturevalue("client_for")(user)
    # Session, user, roles, then each process's sections (registry, projects, tasks,
    # the missions' tasks, the difficulties' tasks): a fixed number whatever the rows.
    with django_assert_max_num_queries(10):
        response = client.get(reverse("home"))
    assert response.status_code == 200


# persona, navigation links it must have, links it must not have
NAVIGATION = [
    ("assoc_paris", ["association_list"], ["expert_list", "import_upload"]),
    ("officer", ["association_list", "expert_list", "import_upload"], []),
    ("focal_paris", ["association_list", "expert_list", "import_upload"], []),
    ("evaluator1", ["association_list", "expert_list"], ["import_upload"]),
    ("caseworker1", ["expert_list"], ["association_list", "import_upload"]),
    ("auditor", ["association_list", "expert_list"], ["import_upload"]),
]


@pytest.mark.parametrize(("persona", "present", "absent"), NAVIGATION)
def test_the_navigation_shows_only_what_the_roles_reach(
    request: pytest.FixtureRequest, persona: str, present: list[str], absent: list[str]
) -> None:
    client = request.getfixturevalue("client_for")(request.getfixturevalue(persona))
    page = _text(client.get(reverse("home")))
    nav = page[page.index('<ul class="navbar-nav me-auto">') : page.index("</ul>")]
    for name in present:
        assert f'href="{reverse(f"registry:{name}")}"' in nav, name
    for name in absent:
        assert f'href="{reverse(f"registry:{name}")}"' not in nav, name
    assert reverse("admin:index") not in nav


def test_staff_see_the_administration_link(client_for: Any, admin_user: Any) -> None:
    page = _text(client_for(admin_user).get(reverse("home")))
    assert f'href="{reverse("admin:index")}"' in page


def test_the_password_change_page_is_in_french(client_for: Any, officer: Any) -> None:
    response = client_for(officer).get(reverse("password_change"))
    page = _text(response)
    assert response.status_code == 200
    assert "Changer de mot de passe" in page
    assert "Ancien mot de passe" in page


def test_a_wrong_current_password_is_refused_in_french(client_for: Any, officer: Any) -> None:
    response = client_for(officer).post(
        reverse("password_change"),
        {
            "old_password": "faux",
            "new_password1": "Lome-2026-Kara",
            "new_password2": "Lome-2026-Kara",
        },
    )
    assert response.status_code == 200
    assert "Votre ancien mot de passe est incorrect." in _text(response)
    officer.refresh_from_db()
    assert officer.check_password("demo")


def test_a_user_changes_its_password(client_for: Any, officer: Any) -> None:
    response = client_for(officer).post(
        reverse("password_change"),
        {
            "old_password": "demo",
            "new_password1": "Lome-2026-Kara",
            "new_password2": "Lome-2026-Kara",
        },
        follow=True,
    )
    assert response.redirect_chain[-1][0] == reverse("password_change_done")
    assert "Votre mot de passe a été changé." in _text(response)
    officer.refresh_from_db()
    assert officer.check_password("Lome-2026-Kara")


def test_the_not_found_page_is_in_french_and_says_nothing_more(
    client_for: Any, officer: Any
) -> None:
    response = client_for(officer).get("/registry/associations/999999/")
    page = _text(response)
    assert response.status_code == 404
    assert "Page introuvable" in page
    assert "matches the given query" not in page


def test_the_forbidden_page_is_in_french_and_gives_the_reason(
    client_for: Any, auditor: Any, paris_association: Association
) -> None:
    response = client_for(auditor).get(
        reverse("registry:association_edit", args=[paris_association.pk])
    )
    assert response.status_code == 403
    page = _text(response)
    assert "Action non autorisée" in page
    assert "Vous ne pouvez pas modifier cette association." in page


def test_the_server_error_page_is_plain_french_without_details(db: None) -> None:
    response = server_error(RequestFactory().get("/"))
    page = _text(response)
    assert response.status_code == 500
    assert '<html lang="fr">' in page
    assert "Erreur du serveur" in page
    assert "Traceback" not in page
