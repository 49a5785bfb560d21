"""Through a real SMTP server: what a mail client receives (headers, parts, language), as production sends it."""

import pytest

from notifications.models import OutgoingMessage, Subscriber
from publishing.services import document_publish
from tests.notifications.smtp_server import smtp_server  # noqa: F401 - the fixture

pytestmark = pytest.mark.django_db


def test_a_publication_arrives_with_one_recipient_both_parts_its_language_and_one_click_unsubscribe(
    smtp_server,  # noqa: F811
    minutes,
    run_tasks,
    committed,
):
    french = Subscriber.objects.create(address="lecteur@example.org", all_publications=True, language="fr")
    Subscriber.objects.create(address="reader@example.org", all_publications=True, language="en")
    with committed():
        version = document_publish(document=minutes, by=None)

    assert sorted(message["X-RcptTo"] for message in smtp_server.wait_for(2)) == [
        "lecteur@example.org",
        "reader@example.org",
    ]
    (message,) = smtp_server.to("lecteur@example.org")
    assert message["To"] == "lecteur@example.org"  # no one sees another's address
    assert message["Cc"] is None and message["Bcc"] is None
    assert " ".join(message["Subject"].split()) == f"Publié : {version.title}"  # encoded, folded: compare the words
    assert message["Content-Language"] == "fr"
    assert message["Auto-Submitted"] == "auto-generated"
    unsubscribe = f"https://portal.example.org/fr/subscription/{french.token}/unsubscribe/"
    assert message["List-Unsubscribe"].strip() == f"<{unsubscribe}>"  # folded onto its own line: long
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert message.get_content_type() == "multipart/alternative"
    text = message.get_body(preferencelist=("plain",)).get_content()
    html = message.get_body(preferencelist=("html",)).get_content()
    assert f"Publié sur le portail\u00a0: {version.title}" in text
    assert f"https://portal.example.org/fr{version.get_absolute_url()}" in text
    assert f'href="https://portal.example.org/fr{version.get_absolute_url()}"' in html
    assert '<html lang="fr">' in html
    assert "Vous recevez ce message parce que vous êtes abonné aux publications du portail." in text
    assert OutgoingMessage.objects.filter(status="sent").count() == 2
