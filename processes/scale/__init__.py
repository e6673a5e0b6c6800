"""Large data sets written fast: objects made once through the services, then copied in bulk.

A process's `scale` module (see `manage.py seed_scale`) walks one object through each
branch of its lifecycle with the services (`walk`), inside a `Capture` that keeps, after
each step ending a scenario, every row those services wrote in the tables it watches
(the object, its children, its viewflow process and tasks, its history): one
`Template` per scenario. A `Copier` then writes as many copies as asked with bulk
inserts (COPY on PostgreSQL, batched INSERTs elsewhere), each copy being its template
with:

- new primary keys, and foreign keys (history's generic ones too) that point at the
  copy's own rows;
- its times and days moved back by the copy's `shift_days` (whole days, so the order
  of every two moments of an object, and the day of each, stays as the services left
  them);
- the template's actors swapped for the copy's (`users`: in every column that names a
  user, and in the history's « person » facts, with their names);
- the values its process gives it (`values`: the owner, the reference, the names…).

History rows are chained in Python in the order they are inserted (`audit.chain`), so
`verify_audit` holds afterwards; the tables' sequences are moved past the new keys.
"""

from processes.scale.context import ScaleContext, bulk_users, person_names
from processes.scale.copier import Copier, Copy
from processes.scale.templates import (
    Capture,
    Scenario,
    Template,
    branches,
    drawn,
    flow_tables,
    max_pk,
    moments,
    not_copied,
    stay_stretch,
    walk,
)

__all__ = [
    "Capture",
    "Copier",
    "Copy",
    "ScaleContext",
    "Scenario",
    "Template",
    "branches",
    "bulk_users",
    "drawn",
    "flow_tables",
    "max_pk",
    "moments",
    "not_copied",
    "person_names",
    "stay_stretch",
    "walk",
]
