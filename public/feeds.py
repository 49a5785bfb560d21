from django.contrib.syndication.views import Feed
from django.urls import reverse_lazy
from django.utils.feedgenerator import Atom1Feed
from django.utils.text import Truncator

from publishing.models import PublishedVersion
from publishing.selectors import documents_prefetch


class PublicationsFeed(Feed):
    """Every published version, newest first: one entry per publication, corrections included."""

    feed_type = Atom1Feed
    title = "Convention on Cluster Munitions: intersessional work programme publications"
    subtitle = "Minutes and decisions as they are published."
    link = reverse_lazy("home")

    def items(self):
        return (
            PublishedVersion.objects.filter(kind=PublishedVersion.Kind.PUBLISHED, withdrawn_at__isnull=True)
            .defer("html")
            .prefetch_related(documents_prefetch())
            .order_by("-created_at")[:50]
        )

    def item_title(self, version):
        # "… (adopted at the Second Meeting of States Parties, 16 September 2011)" for an adopted decision.
        return f"{version.title} ({version.status_note or f'version {version.number}'})"

    def item_description(self, version):
        return Truncator(version.search_text).words(60)

    def item_link(self, version):
        return version.get_absolute_url()

    def item_pubdate(self, version):
        return version.created_at

    def item_updateddate(self, version):
        return version.created_at
