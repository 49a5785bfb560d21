"""Every e-mail the portal sends: made here, one recipient per message, sent by the task queue.

A notice is rendered in its recipient's language and stored as an OutgoingMessage under a key
that names it ("circulation:<event>:person:<id>"): the key is unique, so a notice is made once,
whichever run or worker gets there first. After the commit the message is queued for the task
worker (notifications.tasks.send_message); a failure is retried with growing pauses by the periodic
run (manage.py send_due_notifications), logged, and never shown to whoever caused the e-mail.
"""

import datetime
import logging
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.rate_limits import over_limit
from meetings.models import ActionPoint
from notifications import selectors
from notifications.models import Language, OutgoingMessage, Preferences, Subscriber, SubscriptionRequest
from publishing.models import Comment, PublicationEvent, PublicationState, PublishedVersion
from workgroups.models import Appointment, WorkingGroup

logger = logging.getLogger(__name__)

# Pauses before the 2nd, 3rd... attempt; after the last one the message stays failed (the admin retries it).
RETRY_AFTER = [
    datetime.timedelta(minutes=1),
    datetime.timedelta(minutes=5),
    datetime.timedelta(minutes=30),
    datetime.timedelta(hours=2),
    datetime.timedelta(hours=6),
    datetime.timedelta(hours=24),
]
MAX_ATTEMPTS = len(RETRY_AFTER) + 1
# A worker that claimed a message and died leaves it "sending": taken up again after this.
CLAIM_TIMEOUT = datetime.timedelta(minutes=15)
DIGEST_INTERVAL = datetime.timedelta(hours=1)
REMINDER_BEFORE_DEADLINE = datetime.timedelta(days=2)
TERM_ENDING_NOTICE = datetime.timedelta(days=30)
# A term start is announced in its first fortnight, not for terms that began long before the notices existed.
TERM_START_WINDOW = datetime.timedelta(days=14)
# Subscription requests: per client address an hour, per e-mail address a day (silently: same answer).
SUBSCRIBE_LIMIT_PER_CLIENT = 5
SUBSCRIBE_LIMIT_PER_ADDRESS = 3
SUBSCRIPTION_REQUEST_VALID = datetime.timedelta(days=7)

# Footers: why the recipient gets the e-mail (rendered in their language).
WHY_FRIEND = _("you read drafts for comments as a Friend of the President or a holder of a post")
WHY_STAFF = _("you are on the secretariat's staff")
WHY_OWNER = _("you are the owner of this action point")
WHY_COORDINATOR = _("you hold this post")
WHY_SUBSCRIBER = _("you subscribed to the portal's publications")
WHY_REQUEST = _("someone (you, we hope) asked to subscribe this address to the portal's publications")


def absolute(path: str) -> str:
    """An address readers can follow from their mailbox: PORTAL_URL (the site's origin) and the path."""
    return settings.PORTAL_URL.rstrip("/") + path


@dataclass(frozen=True)
class Envelope:
    """Who one message goes to, in which language, and what its footer says."""

    address: str
    language: str
    why: str
    # The page where they change what they receive: URL name and arguments, reversed in their language.
    settings_page: tuple[str, tuple] = ("notifications:settings", ())
    unsubscribe_url: str = ""  # public subscribers: one click, RFC 8058


def _envelope_of(recipient: selectors.Recipient, why) -> Envelope:
    return Envelope(recipient.address, recipient.preferences.language, why)


def message_queue(*, key: str, kind: str, envelope: Envelope, template: str, context: Callable[[], dict]):
    """Render the e-mail `template` for one recipient, in their language, and queue it once.

    `context` is called in that language (addresses then carry /fr/, /es/). Returns the message, or
    None when a message of this key was already made (by this run, an earlier one, or one running now).
    """
    if OutgoingMessage.objects.filter(key=key).exists():
        return None
    language = envelope.language if envelope.language in Language.values else settings.LANGUAGE_CODE
    with translation.override(language):
        name, args = envelope.settings_page
        settings_url = absolute(reverse(name, args=args))
        values = {
            **context(),
            "why": str(envelope.why),
            "LANGUAGE_CODE": language,
            "settings_url": settings_url,
            "unsubscribe_url": envelope.unsubscribe_url,
            "portal_url": absolute(reverse("home")),
        }
        subject = " ".join(render_to_string(f"notifications/email/{template}_subject.txt", values).split())
        text = render_to_string(f"notifications/email/{template}.txt", values)
        html = render_to_string(f"notifications/email/{template}.html", values)
    headers = {"Auto-Submitted": "auto-generated", "Content-Language": language}
    if envelope.unsubscribe_url:
        # RFC 2369 and RFC 8058: mail clients offer "unsubscribe" and POST to the address, one click.
        headers["List-Unsubscribe"] = f"<{envelope.unsubscribe_url}>"
        headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    try:
        with transaction.atomic():
            message = OutgoingMessage.objects.create(
                key=key[:200],
                kind=kind,
                to_address=envelope.address,
                language=language,
                subject=subject[:300],
                body_text=text,
                body_html=html,
                headers=headers,
            )
    except IntegrityError:
        return None  # another run made it meanwhile
    transaction.on_commit(lambda: _enqueue(message.pk))
    return message


def _enqueue(message_id: int) -> None:
    from notifications.tasks import send_message

    try:
        send_message.enqueue(message_id)
    except Exception:
        # The queue refused it (database down a moment): the periodic run sends what is due anyway.
        logger.exception("Could not queue outgoing message %s; the periodic run will send it", message_id)


# ---------------------------------------------------------------- sending


def message_send(*, message_id: int) -> bool:
    """Send one queued message, if it is due and no other worker has claimed it. True: sent now."""
    now = timezone.now()
    claimed = OutgoingMessage.objects.filter(
        pk=message_id, status=OutgoingMessage.Status.QUEUED, next_attempt_at__lte=now
    ).update(status=OutgoingMessage.Status.SENDING, next_attempt_at=now + CLAIM_TIMEOUT)
    if not claimed:
        return False
    message = OutgoingMessage.objects.get(pk=message_id)
    email = EmailMultiAlternatives(
        subject=message.subject,
        body=message.body_text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[message.to_address],  # one recipient: no one sees another's address
        headers=message.headers,
    )
    email.attach_alternative(message.body_html, "text/html")
    message.attempts += 1
    try:
        email.send(fail_silently=False)
    except Exception as error:  # SMTP refusals, unreachable server, timeouts: all retried
        message.last_error = f"{type(error).__name__}: {error}"[:2000]
        if message.attempts >= MAX_ATTEMPTS:
            message.status = OutgoingMessage.Status.FAILED
            logger.error(
                "E-mail %s (%s) failed for good after %s attempts: %s",
                message.pk,
                message.kind,
                message.attempts,
                message.last_error,
            )
        else:
            message.status = OutgoingMessage.Status.QUEUED
            message.next_attempt_at = timezone.now() + RETRY_AFTER[message.attempts - 1]
            logger.warning(
                "E-mail %s (%s) failed, attempt %s; next at %s: %s",
                message.pk,
                message.kind,
                message.attempts,
                message.next_attempt_at.isoformat(),
                message.last_error,
            )
        message.save(update_fields=["status", "attempts", "next_attempt_at", "last_error"])
        return False
    message.status = OutgoingMessage.Status.SENT
    message.sent_at = timezone.now()
    message.last_error = ""
    message.save(update_fields=["status", "attempts", "sent_at", "last_error"])
    return True


def messages_retry_due(*, now: datetime.datetime | None = None) -> int:
    """Queue every message due for an attempt (first ones the queue lost, retries), and take back
    those a dead worker left claimed. Returns how many were queued."""
    now = now or timezone.now()
    OutgoingMessage.objects.filter(status=OutgoingMessage.Status.SENDING, next_attempt_at__lt=now).update(
        status=OutgoingMessage.Status.QUEUED, next_attempt_at=now
    )
    due = list(
        OutgoingMessage.objects.filter(status=OutgoingMessage.Status.QUEUED, next_attempt_at__lte=now).values_list(
            "pk", flat=True
        )
    )
    for message_id in due:
        _enqueue(message_id)
    return len(due)


def message_retry(*, message: OutgoingMessage) -> None:
    """Staff's "send again" on a failed message (the admin): a fresh round of attempts."""
    OutgoingMessage.objects.filter(pk=message.pk).exclude(status=OutgoingMessage.Status.SENT).update(
        status=OutgoingMessage.Status.QUEUED, attempts=0, next_attempt_at=timezone.now()
    )
    transaction.on_commit(lambda: _enqueue(message.pk))


# ---------------------------------------------------------------- drafts for comments


def _draft_context(version: PublishedVersion, event: PublicationEvent) -> Callable[[], dict]:
    def context():
        return {
            "title": version.title,
            "label": version.label,
            "draft_url": absolute(version.get_absolute_url()),
            # Drafts do not exist for a reader who is not signed in: this link signs them in, then opens it.
            "sign_in_url": absolute(f"{reverse('login')}?{urlencode({'next': version.get_absolute_url()})}"),
            "pdf_url": absolute(version.get_pdf_view_url()),
            "comments_url": absolute(version.document.get_comments_url()),
            "deadline": event.comments_deadline,
        }

    return context


def circulation_notify(*, event: PublicationEvent) -> int:
    """Tell every Friend with an address of the draft `event` circulated. Returns how many were queued."""
    version = event.version
    queued = 0
    for recipient in selectors.recipients_among(selectors.readers_of_drafts()):
        if not recipient.preferences.circulations:
            continue
        queued += bool(
            message_queue(
                key=f"circulation:{event.pk}:{recipient.key}",
                kind="circulation",
                envelope=_envelope_of(recipient, WHY_FRIEND),
                template="circulation",
                context=_draft_context(version, event),
            )
        )
    return queued


def comment_reminders_send(*, today: datetime.date | None = None) -> int:
    """Two days before a circulation's deadline, remind the Friends who have not commented on that draft."""
    today = today or timezone.localdate()
    events = PublicationEvent.objects.filter(
        to_state=PublicationState.CIRCULATED,
        comments_deadline__gte=today,
        comments_deadline__lte=today + REMINDER_BEFORE_DEADLINE,
        version__superseded_at__isnull=True,
        version__withdrawn_at__isnull=True,
    ).select_related("version")
    queued = 0
    for event in events:
        document = event.document
        if document is None or not document.comments_open:
            continue
        commenters = set(Comment.objects.filter(version=event.version).values_list("author_id", flat=True))
        people = selectors.readers_of_drafts().exclude(user__in=commenters)
        for recipient in selectors.recipients_among(people):
            if not recipient.preferences.circulations:
                continue
            queued += bool(
                message_queue(
                    key=f"comment-reminder:{event.pk}:{recipient.key}",
                    kind="comment_reminder",
                    envelope=_envelope_of(recipient, WHY_FRIEND),
                    template="comment_reminder",
                    context=_draft_context(event.version, event),
                )
            )
    return queued


def comment_digests_send(*, now: datetime.datetime | None = None) -> int:
    """Each member of staff: the comments made since their last digest, at most once an hour."""
    now = now or timezone.now()
    queued = 0
    for recipient in selectors.staff_recipients():
        with transaction.atomic():
            preferences = recipient.preferences
            if preferences.pk is None:
                preferences.save()
            # The row lock: two runs at once do not both report the same comments.
            preferences = Preferences.objects.select_for_update().get(pk=preferences.pk)
            if not preferences.comment_digest:
                continue
            if preferences.digest_sent_at and now - preferences.digest_sent_at < DIGEST_INTERVAL:
                continue
            since = preferences.digest_through or now - DIGEST_INTERVAL
            comments = list(
                Comment.objects.filter(created_at__gt=since, created_at__lte=now)
                .select_related("author", "version")
                .order_by("content_type", "object_id", "target_order", "created_at")
            )
            if comments:
                envelope = _envelope_of(recipient, WHY_STAFF)
                made = message_queue(
                    key=f"comment-digest:{recipient.key}:{now.isoformat()}",
                    kind="comment_digest",
                    envelope=Envelope(envelope.address, preferences.language, WHY_STAFF),
                    template="comment_digest",
                    context=lambda comments=comments: {"documents": _comments_by_document(comments)},
                )
                queued += bool(made)
                preferences.digest_sent_at = now
            preferences.digest_through = now
            preferences.save(update_fields=["digest_through", "digest_sent_at"])
    return queued


def _comments_by_document(comments: list[Comment]) -> list[dict]:
    documents: dict[tuple, dict] = {}
    for comment in comments:
        entry = documents.setdefault(
            (comment.content_type_id, comment.object_id),
            {"title": comment.version.title, "admin_url": None, "comments": []},
        )
        if entry["admin_url"] is None and comment.document is not None:
            entry["admin_url"] = absolute(comment.document.get_comments_admin_url())
        entry["comments"].append(comment)
    return list(documents.values())


# ---------------------------------------------------------------- action points and terms


def action_point_notices_send(*, today: datetime.date | None = None) -> int:
    """Owners (people with an address) are told of each open point given to them, once, and reminded
    once it is overdue (again if its due date moves and passes again)."""
    today = today or timezone.localdate()
    points = (
        ActionPoint.objects.filter(status=ActionPoint.Status.OPEN, owner_person__isnull=False)
        .select_related("meeting", "owner_person", "group")
        .order_by("pk")
    )
    queued = 0
    for point in points:
        recipients = selectors.recipients_among(type(point.owner_person).objects.filter(pk=point.owner_person_id))
        for recipient in recipients:
            if not recipient.preferences.action_points:
                continue

            def context(point=point):
                return {"point": point, "tracker_url": absolute(reverse("meetings:action_point_tracker"))}

            queued += bool(
                message_queue(
                    key=f"action-point:{point.pk}:{recipient.key}",
                    kind="action_point",
                    envelope=_envelope_of(recipient, WHY_OWNER),
                    template="action_point",
                    context=context,
                )
            )
            if point.is_overdue(today):
                queued += bool(
                    message_queue(
                        key=f"action-point-overdue:{point.pk}:{recipient.key}:{point.due_date.isoformat()}",
                        kind="action_point_overdue",
                        envelope=_envelope_of(recipient, WHY_OWNER),
                        template="action_point_overdue",
                        context=context,
                    )
                )
    return queued


def term_notices_send(*, today: datetime.date | None = None) -> int:
    """Coordinators (and chairs) are told when their term starts, and a month before it ends."""
    today = today or timezone.localdate()
    posts = Appointment.objects.filter(role__in=Appointment.EDITING_ROLES).select_related("group", "country")
    starting = posts.filter(start_date__lte=today, start_date__gte=today - TERM_START_WINDOW)
    ending = posts.filter(end_date__gte=today, end_date__lte=today + TERM_ENDING_NOTICE)
    queued = 0
    for kind, appointments in (("term_start", starting), ("term_ending", ending)):
        for appointment in appointments:
            for recipient in selectors.recipients_among(selectors.holders_of(appointment)):
                if not recipient.preferences.terms:
                    continue

                def context(appointment=appointment):
                    return {
                        "appointment": appointment,
                        "group": appointment.group,
                        "role": appointment.get_role_display(),
                        "group_url": absolute(appointment.group.get_absolute_url()),
                        "workspace_url": absolute(reverse("workspace:my_groups")),
                    }

                queued += bool(
                    message_queue(
                        key=f"{kind}:{appointment.pk}:{recipient.key}",
                        kind=kind,
                        envelope=_envelope_of(recipient, WHY_COORDINATOR),
                        template=kind,
                        context=context,
                    )
                )
    return queued


# ---------------------------------------------------------------- the public


def publication_notify(*, version: PublishedVersion) -> int:
    """Tell each confirmed subscriber who chose it (everything, its type, one of its groups) of a publication."""
    document = version.document
    meeting = getattr(document, "meeting", None)
    groups = list(meeting.groups.values_list("pk", flat=True)) if meeting is not None else []
    subscribers = Subscriber.objects.filter(
        Q(all_publications=True) | Q(document_types=version.content_type_id) | Q(groups__in=groups)
    ).distinct()
    queued = 0
    for subscriber in subscribers:

        def context(subscriber=subscriber):
            return {
                "title": version.title,
                "label": version.label,
                "version_url": absolute(version.get_absolute_url()),
                "pdf_url": absolute(version.get_pdf_view_url()),
                "manage_url": absolute(reverse("notifications:subscription_manage", args=[subscriber.token])),
            }

        queued += bool(
            message_queue(
                key=f"publication:{version.pk}:subscriber:{subscriber.pk}",
                kind="publication",
                envelope=_subscriber_envelope(subscriber),
                template="publication",
                context=context,
            )
        )
    return queued


def _subscriber_envelope(subscriber: Subscriber) -> Envelope:
    with translation.override(subscriber.language):
        unsubscribe_url = absolute(reverse("notifications:unsubscribe", args=[subscriber.token]))
    return Envelope(
        address=subscriber.address,
        language=subscriber.language,
        why=WHY_SUBSCRIBER,
        settings_page=("notifications:subscription_manage", (subscriber.token,)),
        unsubscribe_url=unsubscribe_url,
    )


class TooManyRequests(Exception):
    """This client asked for too many subscriptions lately."""


def subscription_request(
    *,
    address: str,
    all_publications: bool,
    groups: list[WorkingGroup],
    document_types: list[ContentType],
    language: str,
    client: str,
) -> None:
    """Send a confirmation link to `address` (double opt-in); nothing changes until it is followed.

    The answer is the same whether the address is subscribed or not, and whether the e-mail went:
    a repeated request for one address beyond the day's limit sends nothing, silently. Too many
    requests from one client raise TooManyRequests (that reveals nothing about an address).
    """
    address = address.strip()
    if not (all_publications or groups or document_types):
        raise ValidationError(
            gettext("Choose what you want to hear about: everything, a working group or a type of document.")
        )
    if over_limit(f"notifications:subscribe:client:{client}", SUBSCRIBE_LIMIT_PER_CLIENT, datetime.timedelta(hours=1)):
        raise TooManyRequests
    if over_limit(
        f"notifications:subscribe:address:{address.lower()}", SUBSCRIBE_LIMIT_PER_ADDRESS, datetime.timedelta(days=1)
    ):
        logger.info("Subscription request for an address over its daily limit: no e-mail sent")
        return
    with transaction.atomic():
        request = SubscriptionRequest.objects.create(
            address=address,
            language=language if language in Language.values else settings.LANGUAGE_CODE,
            all_publications=all_publications,
            group_ids=[group.pk for group in groups],
            document_type_ids=[content_type.pk for content_type in document_types],
        )
        message_queue(
            key=f"subscription-request:{request.pk}",
            kind="subscription_request",
            envelope=Envelope(address, request.language, WHY_REQUEST, ("notifications:subscribe", ())),
            template="subscription_request",
            context=lambda: {
                "confirm_url": absolute(reverse("notifications:subscribe_confirm", args=[request.token])),
                "valid_days": SUBSCRIPTION_REQUEST_VALID.days,
            },
        )


def subscription_request_pending(token: str) -> SubscriptionRequest | None:
    """The request a confirmation link names, if it is still valid."""
    return SubscriptionRequest.objects.filter(
        token=token, created_at__gte=timezone.now() - SUBSCRIPTION_REQUEST_VALID
    ).first()


def subscription_confirm(*, request: SubscriptionRequest) -> Subscriber:
    """The address confirmed: subscribe it to what the request chose (replacing earlier choices)."""
    with transaction.atomic():
        subscriber = Subscriber.objects.select_for_update().filter(address__iexact=request.address).first()
        if subscriber is None:
            subscriber = Subscriber(address=request.address)
        subscriber.language = request.language
        subscriber.all_publications = request.all_publications
        subscriber.confirmed_at = timezone.now()
        subscriber.full_clean(validate_unique=False)
        subscriber.save()
        subscriber.groups.set(WorkingGroup.objects.filter(pk__in=request.group_ids))
        subscriber.document_types.set(ContentType.objects.filter(pk__in=request.document_type_ids))
        # Every open request for this address is answered: an old link does not undo this choice later.
        SubscriptionRequest.objects.filter(address__iexact=request.address).delete()
    return subscriber


def subscription_change(
    *, subscriber: Subscriber, all_publications: bool, groups, document_types, language: str
) -> Subscriber:
    """The subscriber's own changes, from the page their e-mails link."""
    if not (all_publications or groups or document_types):
        raise ValidationError(gettext("Choose what you want to hear about, or unsubscribe."))
    with transaction.atomic():
        subscriber.all_publications = all_publications
        subscriber.language = language
        subscriber.save(update_fields=["all_publications", "language"])
        subscriber.groups.set(groups)
        subscriber.document_types.set(document_types)
    return subscriber


def subscription_cancel(*, token: str) -> bool:
    """Unsubscribe: the subscriber and their address are deleted. True if there was one."""
    deleted, _counts = Subscriber.objects.filter(token=token).delete()
    return bool(deleted)


def subscription_requests_expire(*, now: datetime.datetime | None = None) -> int:
    """Requests never confirmed are forgotten, addresses included, once their link has expired."""
    now = now or timezone.now()
    deleted, _counts = SubscriptionRequest.objects.filter(created_at__lt=now - SUBSCRIPTION_REQUEST_VALID).delete()
    return deleted


# ---------------------------------------------------------------- settings


def preferences_save(*, preferences: Preferences, **values) -> Preferences:
    """A signed-in reader's own settings (the settings page)."""
    for field, value in values.items():
        setattr(preferences, field, value)
    preferences.full_clean()
    preferences.save()
    return preferences


# ---------------------------------------------------------------- the periodic run


def notifications_due_send(*, now: datetime.datetime | None = None) -> dict[str, int]:
    """What is due now: reminders, digests, action points, terms, retries. Safe to run as often as
    wanted and from two places at once: each notice is made once (its key), digests lock their row."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    return {
        "comment reminders": comment_reminders_send(today=today),
        "comment digests": comment_digests_send(now=now),
        "action points": action_point_notices_send(today=today),
        "terms": term_notices_send(today=today),
        "expired subscription requests": subscription_requests_expire(now=now),
        "messages queued for sending": messages_retry_due(now=now),
    }
