"""Signing in as a browser does, for the browser tests' own accounts."""

PASSWORD = "Browser-test-2026"


def sign_in(page, username: str, *, admin: bool = False) -> None:
    """Through the site's sign-in page, or the admin's."""
    page.goto("/admin/login/" if admin else "/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in" if admin else "Sign in").click()
