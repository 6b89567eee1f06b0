"""The admin site: Django's, opened only to active staff who have passed their second factor."""

from django.contrib import admin

from .second_factor import needs_second_factor, to_second_factor


class StaffAdminSite(admin.AdminSite):
    """`admin.site`: a password alone opens none of its pages (nor the report, which uses it)."""

    # No sidebar listing every model beside each page: the index lists them (with the door and
    # the report), every page's breadcrumbs lead to it, and the participant list needs the
    # width for its columns. Drawing the sidebar also cost 5-10 ms on every admin page.
    enable_nav_sidebar = False

    def has_permission(self, request):
        """Active staff, verified by their second factor in this session."""
        return super().has_permission(request) and request.user.is_verified()

    def logout(self, request, extra_context=None):
        """Sign out, and have the browser wipe what the site kept on it.

        The door app keeps the day's list of people on the phone: signing out removes it, with
        the app's files and service worker ("storage", "cache"), whatever page signs out.
        """
        response = super().logout(request, extra_context)
        if request.method == "POST":
            response["Clear-Site-Data"] = '"cache", "storage"'
        return response

    def login(self, request, extra_context=None):
        """The password step; someone past it but not past the second factor goes on to that."""
        if request.method == "GET" and needs_second_factor(request.user):
            return to_second_factor(request.GET.get("next", ""))
        return super().login(request, extra_context)
