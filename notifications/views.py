"""The reader's notification settings, and the public's subscriptions (no account needed)."""

from axes.helpers import get_client_ip_address
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from notifications import selectors, services
from notifications.forms import PreferencesForm, SubscribeForm, SubscriptionChoicesForm
from notifications.models import Subscriber


@login_required
@require_http_methods(["GET", "POST"])
def settings_view(request):
    """What the signed-in reader is e-mailed about, and in which language."""
    preferences = selectors.preferences_of(request.user)
    form = PreferencesForm(request.POST or None, instance=preferences, staff=request.user.is_staff)
    if request.method == "POST" and form.is_valid():
        services.preferences_save(preferences=preferences, **form.cleaned_data)
        messages.success(request, _("Your notification settings are saved."))
        return redirect("notifications:settings")
    return render(
        request,
        "notifications/preferences_form.html",
        {"form": form, "address": selectors.address_of(request.user)},
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
def subscribe_view(request):
    """The public form: an address and what to hear about; the answer never says whether it was subscribed."""
    form = SubscribeForm(request.POST or None, initial={"language": translation.get_language()})
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            services.subscription_request(
                address=form.cleaned_data["address"],
                all_publications=form.cleaned_data["all_publications"],
                groups=list(form.cleaned_data["groups"]),
                document_types=list(form.cleaned_data["document_types"]),
                language=form.cleaned_data["language"],
                client=get_client_ip_address(request) or "unknown",
            )
        except services.TooManyRequests:
            form.add_error(None, _("Too many subscription requests came from your network. Try again in an hour."))
            status = 429
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return redirect("notifications:subscribe_sent")
    if form.errors and status == 200:
        status = 400
    return render(request, "notifications/subscribe_form.html", {"form": form}, status=status)


def subscribe_sent_view(request):
    """The same page whatever the address: subscribed already, or not."""
    return render(request, "notifications/subscribe_sent.html")


@require_http_methods(["GET", "HEAD", "POST"])
def subscribe_confirm_view(request, token):
    """The link of the confirmation e-mail: a button (a link checker that opens it subscribes nobody)."""
    pending = services.subscription_request_pending(token)
    if pending is None:
        return render(request, "notifications/link_invalid.html")
    if request.method == "POST":
        subscriber = services.subscription_confirm(request=pending)
        return render(request, "notifications/subscribe_confirmed.html", {"subscriber": subscriber})
    return render(request, "notifications/subscribe_confirm.html")


@require_http_methods(["GET", "HEAD", "POST"])
def subscription_manage_view(request, token):
    """The subscriber's page, from the link in each e-mail: what they hear about, and unsubscribing."""
    subscriber = Subscriber.objects.filter(token=token).first()
    if subscriber is None:
        return render(request, "notifications/link_invalid.html")
    initial = {
        "all_publications": subscriber.all_publications,
        "groups": subscriber.groups.all(),
        "document_types": subscriber.document_types.all(),
        "language": subscriber.language,
    }
    form = SubscriptionChoicesForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.subscription_change(subscriber=subscriber, **form.cleaned_data)
        messages.success(request, _("Your choices are saved."))
        return redirect(reverse("notifications:subscription_manage", args=[token]))
    return render(
        request,
        "notifications/subscription_manage.html",
        {"form": form, "token": token},
        status=400 if form.errors else 200,
    )


# The links in e-mails (confirm, manage, unsubscribe) answer HEAD like GET: some mail scanners check
# links with HEAD first. Neither changes anything; only the POST does.
# RFC 8058: a mail client unsubscribes by POSTing here without a session or a CSRF token. The token
# in the address is the proof; a forged post can only unsubscribe the holder of the token.
@csrf_exempt
@require_http_methods(["GET", "HEAD", "POST"])
def unsubscribe_view(request, token):
    if request.method == "POST":
        services.subscription_cancel(token=token)
        # The same page whether the token named a subscriber or not (already unsubscribed, mistyped).
        return render(request, "notifications/unsubscribed.html")
    if not Subscriber.objects.filter(token=token).exists():
        return render(request, "notifications/link_invalid.html")
    return render(request, "notifications/unsubscribe_confirm.html", {"token": token})
