"""Accounts for people in the contact list: staff invite; the invitation sets the password."""

from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from contacts.models import Person


@transaction.atomic
def person_invite(*, person: Person, site_url: str, by) -> str:
    """Give the person an account (if they have none yet) and e-mail them a link to choose a password.

    The account's username and e-mail are the person's first address. The link is a
    one-time token: it stops working once the password is set (or after
    PASSWORD_RESET_TIMEOUT). Returns the address written to.
    """
    user = person.user
    if user is not None and user.has_usable_password():
        raise ValidationError(
            f"{person} already has an account ({user.get_username()}); they can reset their password from the "
            "sign-in page."
        )
    address = person.email_addresses.values_list("address", flat=True).first()
    if address is None:
        raise ValidationError(f"{person} has no e-mail address to send the invitation to.")
    if user is None:
        User = get_user_model()
        if User.objects.filter(username__iexact=address).exists():
            raise ValidationError(f"An account named {address} already exists for someone else; link it by hand.")
        user = User(username=address.lower(), email=address)
        user.set_unusable_password()
        user.full_clean()
        user.save()
        person.user = user
        person._history_user = by
        person.save(update_fields=["user"])
    link = site_url.rstrip("/") + reverse(
        "contacts:invitation_accept",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
    context = {"person": person, "username": user.get_username(), "link": link, "invited_by": by}
    send_mail(
        subject="Your account on the CCM intersessional work programme portal",
        message=render_to_string("registration/invitation_email.txt", context),
        from_email=None,
        recipient_list=[address],
    )
    return address
