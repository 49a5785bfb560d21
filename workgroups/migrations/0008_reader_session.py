import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models
from django.utils import timezone


def sessions_carry_over(apps, schema_editor):
    """Readers signed in stay signed in: each unexpired session of Django's table, with its account."""
    from django.contrib.sessions.backends.db import SessionStore  # whose name the data was signed with

    Session, ReaderSession = apps.get_model("sessions", "Session"), apps.get_model("workgroups", "ReaderSession")
    accounts = set(apps.get_model(settings.AUTH_USER_MODEL).objects.values_list("pk", flat=True))
    carried = []
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        account_id = SessionStore().decode(session.session_data).get("_auth_user_id")
        account_id = int(account_id) if account_id and account_id.isdigit() else None
        carried.append(
            ReaderSession(
                session_key=session.session_key,
                session_data=session.session_data,
                expire_date=session.expire_date,
                account_id=account_id if account_id in accounts else None,
            )
        )
    ReaderSession.objects.bulk_create(carried, batch_size=1000)


class Migration(migrations.Migration):

    dependencies = [
        ('workgroups', '0007_committee_membership_derived'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        ("sessions", "0001_initial"),
    ]

    operations = [
        migrations.CreateModel(
            name='ReaderSession',
            fields=[
                ('session_key', models.CharField(max_length=40, primary_key=True, serialize=False, verbose_name='session key')),
                ('session_data', models.TextField(verbose_name='session data')),
                ('expire_date', models.DateTimeField(db_index=True, verbose_name='expire date')),
                ('account', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': 'session',
                'verbose_name_plural': 'sessions',
                'abstract': False,
            },
        ),
        migrations.RunPython(sessions_carry_over, migrations.RunPython.noop, elidable=True),
    ]
