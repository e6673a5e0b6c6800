import pytest

from audit.models import AppendOnlyError, HistoryEntry, Outcome, Source
from audit.services import record_history, record_refusal, record_update


@pytest.fixture
def entry(paris_association, officer):
    return record_history(
        obj=paris_association,
        action="update",
        by=officer,
        source=Source.WEB,
        source_state="verified",
        target_state="verified",
        comment="Téléphone corrigé",
    )


def test_a_history_row_keeps_who_what_and_where_from(entry, paris_association, officer):
    row = HistoryEntry.objects.for_object(paris_association).get(pk=entry.pk)
    assert row.by == officer
    assert row.action == "update"
    assert row.source == Source.WEB
    assert row.outcome == Outcome.DONE
    assert row.comment == "Téléphone corrigé"


def test_a_history_row_cannot_be_changed(entry):
    entry.comment = "réécrit"
    with pytest.raises(AppendOnlyError):
        entry.save()
    with pytest.raises(AppendOnlyError):
        HistoryEntry.objects.filter(pk=entry.pk).update(comment="réécrit")
    assert HistoryEntry.objects.get(pk=entry.pk).comment == "Téléphone corrigé"


def test_a_history_row_cannot_be_deleted(entry):
    with pytest.raises(AppendOnlyError):
        entry.delete()
    with pytest.raises(AppendOnlyError):
        HistoryEntry.objects.filter(pk=entry.pk).delete()
    assert HistoryEntry.objects.filter(pk=entry.pk).exists()


def test_a_refusal_is_recorded_with_its_reason(paris_association, assoc_paris):
    row = record_refusal(
        obj=paris_association,
        action="verify",
        by=assoc_paris,
        source=Source.API,
        reason="Pas le bon rôle",
        state="pending",
    )
    assert row.outcome == Outcome.REFUSED
    assert row.source_state == row.target_state == "pending"
    assert row.comment == "Pas le bon rôle"


def test_history_of_one_object_does_not_include_another(
    entry, paris_association, brussels_association
):
    assert (
        HistoryEntry.objects.for_object(brussels_association).filter(action="update").count() == 0
    )
    assert HistoryEntry.objects.for_object(paris_association).count() >= 1


def test_an_update_row_stays_in_the_objects_state(paris_association, officer):
    row = record_update(obj=paris_association, by=officer, source=Source.API, data={"k": "v"})
    assert (row.action, row.outcome, row.data) == ("update", Outcome.DONE, {"k": "v"})
    assert row.source_state == row.target_state == paris_association.status != ""
    named = record_update(obj=paris_association, action="add_member", by=officer, source="web")
    assert named.action == "add_member"


def test_rows_recorded_together_are_written_in_order_on_the_chain(
    paris_association, officer, django_assert_max_num_queries
):
    from django.db import transaction

    from audit.chain import verify
    from audit.services import written_together

    before = HistoryEntry.objects.count()
    actions = ["declare_admissible", "assign_evaluator", "assign_evaluator", "assign_evaluator"]
    # The savepoint and its release, the chain's last hash, one INSERT (one by one: 10).
    with django_assert_max_num_queries(4), transaction.atomic(), written_together():
        for action in actions:
            record_history(obj=paris_association, action=action, by=officer, source=Source.WEB)
    rows = list(HistoryEntry.objects.order_by("pk"))[before:]
    assert [row.action for row in rows] == actions
    assert verify(HistoryEntry, "default").broken is None


def test_rows_recorded_together_are_not_written_when_the_block_fails(paris_association, officer):
    from audit.services import written_together

    before = HistoryEntry.objects.count()
    with pytest.raises(RuntimeError), written_together():
        record_history(obj=paris_association, action="update", by=officer, source=Source.WEB)
        raise RuntimeError
    assert HistoryEntry.objects.count() == before


def test_rows_of_an_inner_block_rolled_back_are_not_written(paris_association, officer):
    """A transition fired inside another, whose savepoint is rolled back and its error
    caught: its rows must not reach the indelible history, the others keep their order."""
    from django.db import transaction

    from audit.chain import verify
    from audit.services import written_together

    before = HistoryEntry.objects.count()
    with transaction.atomic(), written_together():
        record_history(obj=paris_association, action="first", by=officer, source=Source.WEB)
        try:
            with transaction.atomic(), written_together():
                record_history(obj=paris_association, action="undone", by=officer, source="web")
                raise RuntimeError
        except RuntimeError:
            pass
        try:
            with transaction.atomic(), written_together():
                record_history(obj=paris_association, action="kept", by=officer, source="web")
                record_history(obj=paris_association, action="then", by=officer, source="web")
                with written_together():
                    record_history(obj=paris_association, action="inner", by=officer, source="w")
                raise RuntimeError
        except RuntimeError:
            pass
        record_history(obj=paris_association, action="last", by=officer, source=Source.WEB)
    rows = list(HistoryEntry.objects.order_by("pk"))[before:]
    assert [row.action for row in rows] == ["first", "last"]
    assert verify(HistoryEntry, "default").broken is None
