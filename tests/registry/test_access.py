"""Who sees which association and expert: registry.access as a matrix."""

import pytest

from registry import access
from registry.models import Expert
from tests.factories import ExpertFactory, UserFactory

# Associations of the demo cast: ARKF (Paris, verified, assoc_paris is a member),
# DSSB (Bruxelles, verified, assoc_brussels), AOKL (Paris, pending), CFZA (Bruxelles, pending).
ALL = {"ARKF", "DSSB", "AOKL", "CFZA"}


@pytest.mark.parametrize(
    ("username", "expected"),
    [
        ("assoc_paris", {"ARKF"}),
        ("assoc_brussels", {"DSSB"}),
        ("focal_paris", {"ARKF", "AOKL"}),
        ("officer", ALL),
        ("evaluator1", set()),
        ("committee", set()),
        ("finance", set()),
        ("auditor", ALL),
        ("caseworker1", set()),
        ("supervisor", set()),
        ("admin", ALL),
    ],
)
def test_each_role_sees_the_associations_of_its_scope(cast, username, expected):
    visible = access.associations_visible_to(cast["users"][username])
    assert set(visible.values_list("acronym", flat=True)) == expected


def test_an_anonymous_visitor_sees_no_association(cast):
    from django.contrib.auth.models import AnonymousUser

    assert not access.associations_visible_to(AnonymousUser()).exists()


def test_a_user_without_any_role_sees_nothing(cast):
    nobody = UserFactory()
    assert not access.associations_visible_to(nobody).exists()
    assert not access.experts_visible_to(nobody).exists()


def test_the_association_scope_is_one_query(cast, django_assert_num_queries):
    focal = cast["users"]["focal_paris"]
    focal.groups.all()  # roles are read once per request; warm them like a request would
    access.associations_visible_to(focal)  # roles cached on the user
    with django_assert_num_queries(1):
        list(access.associations_visible_to(focal))


@pytest.mark.parametrize(
    ("username", "edit", "verify"),
    [
        ("assoc_paris", {"ARKF"}, set()),
        ("focal_paris", {"ARKF", "AOKL"}, {"ARKF", "AOKL"}),
        ("officer", ALL, set()),
        ("committee", set(), set()),
        ("auditor", set(), set()),
        ("caseworker1", set(), set()),
    ],
)
def test_each_role_edits_and_verifies_only_within_its_scope(cast, username, edit, verify):
    from registry.models import Association

    user = cast["users"][username]
    associations = list(Association.objects.all())
    assert {a.acronym for a in associations if access.can_edit_association(user, a)} == edit
    assert {a.acronym for a in associations if access.can_verify_association(user, a)} == verify


@pytest.fixture
def experts(cast, paris_embassy, brussels_embassy):
    return {
        "paris_listed": ExpertFactory(embassy=paris_embassy, country="FR", consent_listed=True),
        "paris_unlisted": ExpertFactory(embassy=paris_embassy, country="FR", consent_listed=False),
        "brussels_listed": ExpertFactory(
            embassy=brussels_embassy, country="BE", consent_listed=True
        ),
        "brussels_unlisted": ExpertFactory(
            embassy=brussels_embassy, country="BE", consent_listed=False
        ),
    }


@pytest.mark.parametrize(
    ("username", "expected"),
    [
        ("officer", {"paris_listed", "paris_unlisted", "brussels_listed", "brussels_unlisted"}),
        ("focal_paris", {"paris_listed", "paris_unlisted"}),
        ("evaluator1", {"paris_listed", "brussels_listed"}),
        ("supervisor", {"paris_listed", "brussels_listed"}),
        ("caseworker1", {"paris_listed", "brussels_listed"}),
        ("auditor", {"paris_listed", "brussels_listed"}),
        ("assoc_paris", set()),
    ],
)
def test_experts_are_listed_only_with_consent_except_for_officers_and_their_focal_point(
    cast, experts, username, expected
):
    names = {key: expert.pk for key, expert in experts.items()}
    demo_ids = set(Expert.objects.exclude(pk__in=names.values()).values_list("pk", flat=True))
    visible = set(access.experts_visible_to(cast["users"][username]).values_list("pk", flat=True))
    assert {key for key, pk in names.items() if pk in visible} == expected
    # the demo cast's own experts follow the same rules; only ours are checked here
    assert visible - demo_ids - set(names.values()) == set()


def test_an_expert_with_an_account_sees_and_edits_its_own_profile(cast):
    user = UserFactory()
    mine = ExpertFactory(user=user, consent_listed=False)
    assert list(access.experts_visible_to(user)) == [mine]
    assert access.can_edit_expert(user, mine)
    assert not access.can_edit_expert(user, ExpertFactory())


@pytest.mark.parametrize(
    ("username", "allowed"),
    [
        ("officer", True),
        ("focal_paris", True),
        ("admin", True),
        ("assoc_paris", False),
        ("committee", False),
        ("caseworker1", False),
        ("auditor", False),
    ],
)
def test_only_officers_and_focal_points_import_files(cast, username, allowed):
    assert bool(access.can_import(cast["users"][username])) is allowed
