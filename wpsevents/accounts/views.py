"""The second step of signing in, and setting up the authenticator app it needs.

Both pages follow the password: only a signed-in user reaches them, and they are never cached.
"""

from base64 import b32encode

import segno
from django.contrib import admin
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from .forms import CodeForm
from .second_factor import confirmed_device, safe_next, to_second_factor

DEVICE_NAME = "Authenticator app"


def staff_step(view):
    """Signed in with a password (else the sign-in page), GET or POST, never cached."""
    signed_in = login_required(login_url="admin:login")(view)
    return never_cache(require_http_methods(["GET", "POST"])(signed_in))


@staff_step
def second_factor(request):
    """Ask for the code of the app set up before; without one, set one up first."""
    if request.user.is_verified():
        return redirect(safe_next(request))
    device = confirmed_device(request.user)
    if device is None:
        return to_second_factor(_next(request), "accounts:set_up")
    form = CodeForm(request.POST if request.method == "POST" else None, device=device)
    if form.is_valid():
        return _signed_in_with(request, device)
    context = {"title": _("Enter your code"), "form": form, "next": _next(request)}
    return _page(request, "accounts/second_factor.html", context)


@staff_step
def set_up(request):
    """Set up an authenticator app: scan the QR code or type the key, then confirm a code."""
    if confirmed_device(request.user) is not None:
        return to_second_factor(_next(request))
    device = _pending_device(request.user)
    form = CodeForm(request.POST if request.method == "POST" else None, device=device)
    if form.is_valid():
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        TOTPDevice.objects.filter(user=request.user, confirmed=False).delete()
        return _signed_in_with(request, device)
    context = {
        "title": _("Set up your second factor"),
        "form": form,
        "next": _next(request),
        "qr_code": segno.make(device.config_url, error="m").svg_data_uri(scale=5, border=2),
        "key": _readable_key(device),
    }
    return _page(request, "accounts/set_up.html", context)


def _page(request, template: str, context: dict):
    """A page in the admin's frame: its header, title and colour theme."""
    return TemplateResponse(request, template, {**admin.site.each_context(request), **context})


def _next(request) -> str:
    return request.POST.get("next") or request.GET.get("next", "")


def _pending_device(user) -> TOTPDevice:
    """The key offered for setting up: the same one until it is confirmed, so a reload is safe."""
    pending = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    return pending or TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)


def _readable_key(device: TOTPDevice) -> str:
    """The key as an app asks for it when typed in: base 32, in groups of four letters."""
    key = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(key[i : i + 4] for i in range(0, len(key), 4))


def _signed_in_with(request, device):
    """Mark the session as past its second factor, under a new session key, and go on."""
    otp_login(request, device)
    request.session.cycle_key()
    return redirect(safe_next(request))
