"""/healthz for load balancers, answered before the host check and the HTTPS redirect.

A load balancer checks each app server at its own address (`http://10.0.0.5:8000/healthz`), over
plain HTTP: neither that address nor plain HTTP is allowed for pages, and SecurityMiddleware and
CommonMiddleware would answer it with a redirect or a 400. This middleware comes first and
answers /healthz itself; every other request goes on through the stack unchanged.
"""

from wpsevents.views import healthz

HEALTH_PATH = "/healthz"


class HealthCheckMiddleware:
    """Answer /healthz before any middleware that checks the host or the scheme."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        """The health answer for /healthz; everything else as the rest of the stack answers it."""
        if request.path_info == HEALTH_PATH:
            return healthz(request)
        return self.get_response(request)
