from django.contrib.auth import views as auth_views
from django.urls import reverse_lazy


class InvitationAcceptView(auth_views.PasswordResetConfirmView):
    """The link in an invitation: the invited person chooses a password and is signed in."""

    template_name = "registration/invitation_accept.html"
    success_url = reverse_lazy("workgroups:workspace")
    post_reset_login = True
    # Several backends are configured (django-axes, rules); sign in with the password one.
    post_reset_login_backend = "django.contrib.auth.backends.ModelBackend"
