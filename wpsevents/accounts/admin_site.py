"""The admin site: Django's, opened only to active staff who have passed their second factor."""

from django.contrib import admin
from django.utils.functional import SimpleLazyObject

from .second_factor import needs_second_factor, to_second_factor


class StaffAdminSite(admin.AdminSite):
    """`admin.site`: a password alone opens none of its pages (nor the report, which uses it)."""

    # No sidebar listing every model beside each page: the index lists them (with the door and
    # the report), every page's breadcrumbs lead to it, and the participant list needs the
    # width for its columns. Drawing the sidebar also cost 5-10 ms on every admin page.
    enable_nav_sidebar = False

    def each_context(self, request):
        """Django's context of every admin page, with the list of apps made only if read.

        Only the sidebar reads `available_apps`; working out every model's permissions for it
        on every page was time lost while the sidebar is off.
        """
        script_name = request.META["SCRIPT_NAME"]
        site_url = script_name if self.site_url == "/" and script_name else self.site_url
        return {
            "site_title": self.site_title,
            "site_header": self.site_header,
            "site_url": site_url,
            "has_permission": self.has_permission(request),
            "available_apps": SimpleLazyObject(lambda: self.get_app_list(request)),
            "is_popup": False,
            "is_nav_sidebar_enabled": self.enable_nav_sidebar,
            "log_entries": self.get_log_entries(request),
        }

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
