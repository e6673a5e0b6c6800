"""Mail sent after a commit, through the background queue (`processes.queue`).

`mail_later(messages)` hands the mails to `processes.tasks.send_mails` once the
transaction commits: on a worker when a broker is configured (the request does not
wait for the mail server), in this process otherwise. Each message is
`(subject, body, recipients)`, already in the words and language of the request.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence

from processes.queue import enqueue
from processes.tasks import send_mails

Message = tuple[str, str, Sequence[str]]


def mail_later(messages: Iterable[Message]) -> None:
    """Send `messages` after the commit; a message without recipients is dropped."""
    plain = [[str(subject), str(body), list(to)] for subject, body, to in messages if to]
    if plain:
        enqueue(send_mails, uuid.uuid4().hex, plain)
