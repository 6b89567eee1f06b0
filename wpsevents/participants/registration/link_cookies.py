"""A link's secret kept in a cookie per language, sent only with the pages the link opens.

A link in an email (`/r/<token>/`, `/d/<token>/`) sets a cookie holding its secret and
redirects to its page, so that the secret stays out of the address bar, the browser's
history, Referer headers and every server's access log. One cookie per language, each with
the path of that language's pages (`/r/` and `/km/r/`), so that the language switcher finds
the link open in the other language too: a cookie cannot hold two paths, and a response
cannot set one name twice, hence a name per language.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.http import HttpResponse
from django.urls import reverse
from django.utils import timezone, translation


@dataclass(frozen=True)
class LinkCookies:
    """The cookies of one kind of link: named `<prefix>_<language>`, signed with `salt`, for
    the pages under the address named `url_name` in each language.
    """

    prefix: str
    salt: str
    url_name: str

    def name(self, language: str) -> str:
        """The name of the cookie that holds the link for the pages in this language."""
        return f"{self.prefix}_{language}"

    def _each(self) -> list[tuple[str, str]]:
        cookies = []
        for code, _name in settings.LANGUAGES:
            with translation.override(code):
                cookies.append((self.name(code), reverse(self.url_name)))
        return cookies

    def remember(self, response: HttpResponse, token: str, expires_at: datetime) -> None:
        """Keep the link's secret in this browser until `expires_at`, for its pages only."""
        max_age = max(expires_at - timezone.now(), timedelta(0))
        for name, path in self._each():
            response.set_signed_cookie(
                name,
                token,
                salt=self.salt,
                max_age=max_age,
                path=path,
                secure=settings.SESSION_COOKIE_SECURE,
                httponly=True,
                samesite="Lax",
            )

    def token_in(self, request) -> str | None:
        """The secret of the link this browser opened, if its cookie came with the request."""
        for name, _path in self._each():
            token = request.get_signed_cookie(name, default=None, salt=self.salt)
            if token:
                return token
        return None

    def forget(self, response: HttpResponse) -> None:
        """Delete the link's cookies from this browser."""
        for name, path in self._each():
            response.delete_cookie(name, path=path, samesite="Lax")
