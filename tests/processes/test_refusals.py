import pytest
from django.db import transaction

from audit.models import HistoryEntry, Outcome, Source
from processes.transitions import ConditionsUnmet, InvalidState, refusals_recorded


def test_a_refusal_raised_in_a_write_is_recorded_and_outlives_its_rollback(
    paris_association, officer
):
    with (
        pytest.raises(InvalidState),
        refusals_recorded(paris_association, "update", by=officer, source=Source.WEB),
        transaction.atomic(),
    ):
        raise InvalidState("Plus modifiable.")
    row = HistoryEntry.objects.for_object(paris_association).get(outcome=Outcome.REFUSED)
    assert (row.action, row.comment, row.by) == ("update", "Plus modifiable.", officer)
    assert row.source_state == row.target_state == paris_association.status


def test_only_the_refusals_named_are_recorded(paris_association, officer):
    with (
        pytest.raises(ConditionsUnmet),
        refusals_recorded(
            paris_association, "update", by=officer, source=Source.WEB, refusals=(InvalidState,)
        ),
    ):
        raise ConditionsUnmet(["Champ manquant."])
    assert (
        not HistoryEntry.objects.for_object(paris_association)
        .exclude(source=Source.COMMAND)
        .exists()
    )
