"""What publishing tells the layers above when a workflow step has committed.

Publishing knows no one to tell: an app above it (notifications) connects a receiver in its
AppConfig.ready(). Each signal is sent once the step's transaction has committed (never for a step
rolled back), with `send_robust`, so a failing receiver is logged and never undoes or fails the
step staff just took.

- `version_circulated(sender=<document model>, version=PublishedVersion, event=PublicationEvent)`:
  a draft was circulated for comments; `event.comments_deadline` is the deadline, if staff set one.
- `version_published(sender=<document model>, version=PublishedVersion, event=PublicationEvent)`:
  a version was published (readable by everyone).
- `document_withdrawn(sender=<document model>, document=the document)`: a published document was
  withdrawn; none of its versions is public any more.
"""

import logging

from django.db import transaction
from django.dispatch import Signal

logger = logging.getLogger(__name__)

version_circulated = Signal()
version_published = Signal()
document_withdrawn = Signal()


def send_after_commit(signal: Signal, *, sender, **arguments) -> None:
    """Send `signal` with its `arguments` once the current transaction commits (at once outside one)."""

    def send():
        for receiver, result in signal.send_robust(sender=sender, **arguments):
            if isinstance(result, Exception):
                logger.error("%s receiver %r failed for %r", signal, receiver, arguments, exc_info=result)

    transaction.on_commit(send)
