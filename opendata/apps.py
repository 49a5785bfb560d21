from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OpendataConfig(AppConfig):
    name = "opendata"
    verbose_name = _("Open data")

    def ready(self):
        # Publishing tells whoever listens once a step has committed (publishing/signals.py).
        from opendata import receivers
        from publishing.signals import document_withdrawn

        document_withdrawn.connect(receivers.on_document_withdrawn, dispatch_uid="opendata.withdrawn")
