from django.urls import path

from . import certificates, delegation_pages, feedback, letters, verify, views
from .delegation_link import open_delegation_link
from .private_link import open_private_link

app_name = "participants"

# The private-link pages have one address without the secret, which the cookie set by the
# link opens, and one with it (`/r/<token>/…`, the address in the emails), which sets the
# cookie and redirects to the first. Both share a name: `reverse` picks by its arguments.
urlpatterns = [
    path("events/<slug:slug>/register/", views.register, name="register"),
    path("events/<slug:slug>/register/done/", views.registration_done, name="done"),
    path("events/<slug:slug>/my-link/", views.resend_link, name="resend_link"),
    path("r/", views.manage, name="manage"),
    path("r/change/", views.change, name="change"),
    path("r/cancel/", views.cancel, name="cancel"),
    path("r/calendar.ics", views.personal_calendar, name="calendar"),
    path("r/sign-out/", views.sign_out_other_links, name="sign_out_others"),
    path("r/certificate.pdf", certificates.download_certificate, name="certificate"),
    path("d/", delegation_pages.delegation_page, name="delegation"),
    path(
        "d/nominees/<str:reference>/replace/",
        delegation_pages.replace_nominee,
        name="delegation_replace",
    ),
    path(
        "d/nominees/<str:reference>/withdraw/",
        delegation_pages.withdraw_nominee,
        name="delegation_withdraw",
    ),
    path(
        "d/nominees/<str:reference>/letter.pdf",
        delegation_pages.nominee_letter,
        name="delegation_letter",
    ),
    path("d/<str:token>/", open_delegation_link, name="delegation"),
    path("r/feedback/", feedback.feedback, name="feedback"),
    path("r/letter.pdf", letters.download_letter, name="letter"),
    path("verify/<str:code>/", verify.verify, name="verify"),
    path("r/<str:token>/", open_private_link, name="manage"),
    path("r/<str:token>/change/", open_private_link, {"page": "change"}, name="change"),
    path("r/<str:token>/cancel/", open_private_link, {"page": "cancel"}, name="cancel"),
    path("r/<str:token>/calendar.ics", open_private_link, {"page": "calendar"}, name="calendar"),
    path("r/<str:token>/feedback/", open_private_link, {"page": "feedback"}, name="feedback"),
    path(
        "r/<str:token>/certificate.pdf",
        open_private_link,
        {"page": "certificate"},
        name="certificate",
    ),
    path("r/<str:token>/letter.pdf", open_private_link, {"page": "letter"}, name="letter"),
]
