from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils import translation
from django.utils.feedgenerator import Atom1Feed
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from publishing.models import PublishedVersion
from publishing.selectors import documents_prefetch, reader_language_prefetch, shown_in_reader_language


class PublicationsFeed(Feed):
    """Every published version, newest first: one entry per publication, corrections included.

    One feed per language (/feeds/publications.atom, /fr/…, /es/…): its title and description in
    that language, its links to the pages in that language, its <feed xml:lang> that language.
    """

    feed_type = Atom1Feed

    # Methods, not attributes: the words are looked up in the request's language, not at import.
    def title(self):
        return _("Convention on Cluster Munitions: intersessional work programme publications")

    def subtitle(self):
        return _("Minutes and decisions as they are published.")

    def link(self):
        return reverse("home")

    def items(self):
        # Each original with its current version in the feed's language, if it has one (one query).
        return (
            PublishedVersion.objects.filter(kind=PublishedVersion.Kind.PUBLISHED, withdrawn_at__isnull=True)
            .defer("html")
            .prefetch_related(documents_prefetch(), reader_language_prefetch(translation.get_language()))
            .order_by("-created_at")[:50]
        )

    def reader_version(self, version):
        """The version an entry shows the feed's reader: under /fr/, the French version of `version`
        where one is published (its title, text and page), else the original."""
        return shown_in_reader_language(version)

    def item_title(self, version):
        shown = self.reader_version(version)
        # "… (adopted at the Second Meeting of States Parties, 16 September 2011)" for an adopted decision.
        standing = shown.status_note or _("version %(number)s") % {"number": shown.number}
        return f"{shown.title} ({standing})"

    def item_description(self, version):
        return Truncator(self.reader_version(version).search_text).words(60)

    def item_link(self, version):
        # Reversed in the request's language: /fr/… under the French feed.
        return self.reader_version(version).get_absolute_url()

    def item_pubdate(self, version):
        return version.created_at

    def item_updateddate(self, version):
        # A language version made later updates the entry (and the feed's Last-Modified).
        return self.reader_version(version).created_at
