"""The read replica (config.routers): the pages of REPLICA_PAGES read from it, everything
else and every write use the primary, and whoever just wrote reads the primary.

The `replica` alias of the tests is a second connection to the test database: it sees
what is committed (the demo cast), not what the test's own transaction wrote, as a
replica that has not caught up yet would."""

from __future__ import annotations

import pytest
from django.db import connections, router, transaction
from django.test.utils import CaptureQueriesContext

from config.routers import REPLICA_PAGES, ReplicaRouter, reads_from_replica
from tests.workflows.builders import member_of, new_proposal
from workflows.models import Call, Proposal

pytestmark = pytest.mark.django_db(databases=["default", "replica"])

TITLE = "Maraîchage solaire de Notsé (pas encore sur le réplica)"


@pytest.fixture(autouse=True)
def replica_on(settings):
    settings.REPLICA_DATABASE = "replica"


@pytest.fixture
def fresh(cast):
    """A draft written in the test's transaction: on the primary, not yet on the replica."""
    return new_proposal(title=TITLE)


def read_on(alias: str) -> CaptureQueriesContext:
    return CaptureQueriesContext(connections[alias])


def proposal_queries(captured: CaptureQueriesContext) -> list[str]:
    return [q["sql"] for q in captured.captured_queries if "workflows_proposal" in q["sql"]]


def test_a_listed_page_reads_from_the_replica(fresh, officer, client_for):
    assert "workflows:proposal_list" in REPLICA_PAGES
    client = client_for(officer)
    with read_on("replica") as replica, read_on("default") as primary:
        response = client.get("/projects/proposals/")
    assert response.status_code == 200
    assert proposal_queries(replica)
    assert not proposal_queries(primary)
    # The replica has not caught up: the draft is not listed yet.
    assert TITLE not in response.content.decode()


def test_the_account_and_session_are_read_from_the_primary(officer, client_for):
    client = client_for(officer)  # its session exists on the primary only
    with read_on("replica") as replica:
        response = client.get("/projects/proposals/")
    assert response.status_code == 200  # not sent to the login page
    assert not [q for q in replica.captured_queries if "django_session" in q["sql"]]
    assert not [q for q in replica.captured_queries if 'FROM "auth_user"' in q["sql"]]


def test_a_page_not_listed_reads_from_the_primary(fresh, client_for):
    with read_on("replica") as replica:
        response = client_for(member_of(fresh.association)).get(f"/projects/proposals/{fresh.pk}/")
    assert response.status_code == 200
    assert TITLE in response.content.decode()
    assert not replica.captured_queries


def test_someone_who_just_wrote_in_a_page_reads_the_list_from_the_primary(fresh, client_for):
    member = member_of(fresh.association)
    client = client_for(member)
    assert TITLE not in client.get("/projects/proposals/").content.decode()
    response = client.post(f"/projects/proposals/{fresh.pk}/transitions/submit/")
    assert response.status_code == 302
    with read_on("replica") as replica:
        listed = client.get("/projects/proposals/")
    assert TITLE in listed.content.decode()
    assert not proposal_queries(replica)


def test_someone_who_just_wrote_through_the_api_reads_the_list_from_the_primary(fresh, api_for):
    api = api_for(member_of(fresh.association))
    titles = [row["title"] for row in api.get("/api/v1/proposals/").json()["results"]]
    assert TITLE not in titles
    answer = api.post(f"/api/v1/proposals/{fresh.pk}/transitions/submit/", {}, format="json")
    assert answer.status_code == 200
    titles = [row["title"] for row in api.get("/api/v1/proposals/").json()["results"]]
    assert TITLE in titles


def test_someone_else_still_reads_from_the_replica_after_a_write(fresh, officer, client_for):
    member = client_for(member_of(fresh.association))
    member.post(f"/projects/proposals/{fresh.pk}/transitions/submit/")
    with read_on("replica") as replica:
        client_for(officer).get("/projects/proposals/")
    assert proposal_queries(replica)


def test_writes_and_reads_within_a_transaction_go_to_the_primary(fresh):
    with reads_from_replica():
        assert router.db_for_read(Proposal) == "replica"
        assert not Proposal.objects.filter(title=TITLE).exists()
        assert router.db_for_write(Proposal) == "default"
        with transaction.atomic():
            assert router.db_for_read(Proposal) == "default"
    assert router.db_for_read(Proposal) == "default"


def test_an_object_read_from_the_replica_is_saved_to_the_primary(cast):
    with reads_from_replica():
        call = Call.objects.order_by("pk").first()
    assert call is not None
    assert call._state.db == "replica"
    assert router.db_for_write(Call, instance=call) == "default"


def test_the_replica_is_never_migrated():
    assert ReplicaRouter().allow_migrate("replica", "workflows") is False
    assert ReplicaRouter().allow_migrate("default", "workflows") is None


def test_without_a_replica_the_router_leaves_everything_to_the_primary(settings, fresh):
    settings.REPLICA_DATABASE = None
    with reads_from_replica():
        assert router.db_for_read(Proposal) == "default"
        assert Proposal.objects.filter(title=TITLE).exists()
