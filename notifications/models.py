"""Who wants which e-mail, the public's subscriptions, and every message on its way out."""

import secrets

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from contacts.models import Person
from workgroups.models import WorkingGroup


class Language(models.TextChoices):
    """The interface's languages: an e-mail is written in the one its recipient chose."""

    ENGLISH = "en", "English"
    FRENCH = "fr", "Français"
    SPANISH = "es", "Español"


class Preferences(models.Model):
    """What a person (or a staff account without a person) wants to be told, and in which language.

    Without a row, everything is on and e-mails are in English: people are told of what concerns them
    until they say otherwise on their settings page.
    """

    person = models.OneToOneField(
        Person,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="notification_preferences",
        verbose_name=_("person"),
    )
    # Staff accounts need no person behind them; their comment digest is set here.
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="notification_preferences",
        verbose_name=_("user"),
    )
    language = models.CharField(
        max_length=2, choices=Language.choices, default=Language.ENGLISH, verbose_name=_("language of e-mails")
    )
    circulations = models.BooleanField(
        _("drafts circulated for comments, and the reminder before their deadline"), default=True
    )
    action_points = models.BooleanField(_("my action points: when given, and when overdue"), default=True)
    terms = models.BooleanField(
        _("my terms as coordinator: when they start, and a month before they end"), default=True
    )
    comment_digest = models.BooleanField(_("new comments on drafts, at most once an hour (staff)"), default=True)
    # The comment digest: comments made up to this moment have been reported; the next digest waits
    # an hour after the last one (notifications.services.comment_digests_send).
    digest_through = models.DateTimeField(null=True, blank=True, editable=False, verbose_name=_("digest through"))
    digest_sent_at = models.DateTimeField(null=True, blank=True, editable=False, verbose_name=_("last digest sent at"))

    class Meta:
        verbose_name = _("notification settings")
        verbose_name_plural = _("notification settings")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(person__isnull=False, user__isnull=True)
                | models.Q(person__isnull=True, user__isnull=False),
                name="notifications_preferences_of_person_or_user",
            )
        ]

    def __str__(self):
        return str(self.person or self.user)


def _token() -> str:
    return secrets.token_urlsafe(32)


class Subscriber(models.Model):
    """A member of the public who confirmed their address: told of publications they chose.

    Made only by following the confirmation link (double opt-in); deleted, address and all, by
    unsubscribing. `token` is the secret in the links of each e-mail (manage, unsubscribe).
    """

    address = models.EmailField(max_length=254, verbose_name=_("address"))
    language = models.CharField(
        max_length=2, choices=Language.choices, default=Language.ENGLISH, verbose_name=_("language")
    )
    all_publications = models.BooleanField(_("every publication"), default=False)
    groups = models.ManyToManyField(WorkingGroup, blank=True, related_name="+", verbose_name=_("working groups"))
    document_types = models.ManyToManyField(ContentType, blank=True, related_name="+", verbose_name=_("document types"))
    token = models.CharField(max_length=64, unique=True, default=_token, editable=False, verbose_name=_("token"))
    confirmed_at = models.DateTimeField(default=timezone.now, verbose_name=_("confirmed at"))

    class Meta:
        verbose_name = _("subscriber")
        verbose_name_plural = _("subscribers")
        ordering = ["-confirmed_at"]
        constraints = [models.UniqueConstraint(Lower("address"), name="notifications_subscriber_unique_address")]

    def __str__(self):
        return self.address


class SubscriptionRequest(models.Model):
    """A subscription asked for on the public form, waiting for its address to confirm it.

    Kept apart from Subscriber so that asking changes nothing (anyone may type any address): only
    following the link in the e-mail does. Forgotten, address and all, once confirmed or expired.
    """

    address = models.EmailField(max_length=254, verbose_name=_("address"))
    language = models.CharField(
        max_length=2, choices=Language.choices, default=Language.ENGLISH, verbose_name=_("language")
    )
    all_publications = models.BooleanField(_("every publication"), default=False)
    group_ids = models.JSONField(default=list, blank=True, verbose_name=_("working groups"))
    document_type_ids = models.JSONField(default=list, blank=True, verbose_name=_("document types"))
    token = models.CharField(max_length=64, unique=True, default=_token, editable=False, verbose_name=_("token"))
    created_at = models.DateTimeField(default=timezone.now, verbose_name=_("created at"))

    class Meta:
        verbose_name = _("subscription request")
        verbose_name_plural = _("subscription requests")
        # Expired requests are deleted by the periodic run.
        indexes = [models.Index(fields=["created_at"], name="notifications_request_age_idx")]

    def __str__(self):
        return self.address


class OutgoingMessage(models.Model):
    """One e-mail to one recipient, kept until it is sent, and after (what was sent, when).

    `key` names the notice ("circulation:12:person:7"): unique, so a notice is made once however
    many runs or workers try at the same time. Sending is claimed by moving the status from
    queued to sending in one UPDATE, so two workers never send the same message. A failure is
    retried with growing pauses (`next_attempt_at`); after the last attempt it stays failed, for
    staff to see and retry in the admin: never lost.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")

    key = models.CharField(max_length=200, unique=True, verbose_name=_("key"))
    kind = models.CharField(max_length=40, verbose_name=_("kind"))
    to_address = models.EmailField(max_length=254, verbose_name=_("to"))
    language = models.CharField(
        max_length=2, choices=Language.choices, default=Language.ENGLISH, verbose_name=_("language")
    )
    subject = models.CharField(max_length=300, verbose_name=_("subject"))
    body_text = models.TextField(verbose_name=_("plain text"))
    body_html = models.TextField(verbose_name=_("HTML"))
    headers = models.JSONField(default=dict, blank=True, verbose_name=_("headers"))
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED, verbose_name=_("status"))
    attempts = models.PositiveSmallIntegerField(default=0, verbose_name=_("attempts"))
    next_attempt_at = models.DateTimeField(default=timezone.now, verbose_name=_("next attempt at"))
    last_error = models.TextField(blank=True, verbose_name=_("last error"))
    created_at = models.DateTimeField(default=timezone.now, verbose_name=_("created at"))
    sent_at = models.DateTimeField(null=True, blank=True, verbose_name=_("sent at"))

    class Meta:
        verbose_name = _("outgoing e-mail")
        verbose_name_plural = _("outgoing e-mails")
        ordering = ["-created_at", "-pk"]
        # The periodic run looks for messages due for another attempt.
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="notifications_due_idx")]

    def __str__(self):
        return f"{self.subject} → {self.to_address}"
