"""Receivers of publishing's signals (connected in OpendataConfig.ready)."""

from opendata.services import public_export_retract
from opendata.tasks import export_public


def on_document_withdrawn(sender, *, document, **kwargs) -> None:
    """The withdrawn text leaves the export at once, as it leaves the site; a new export follows."""
    public_export_retract()
    export_public.enqueue()
