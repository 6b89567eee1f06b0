"""gunicorn settings for production: sized from the CPU count, bounded, quiet about people."""

import gc
import multiprocessing
import os

bind = f"{os.environ.get('HOST', '0.0.0.0')}:{os.environ.get('PORT', '8000')}"
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
timeout = 30
graceful_timeout = 20
keepalive = 5
# Recycling guards against slow memory growth (workers stay near 90 MB); each recycled worker
# compiles its templates again on first use, so at 1,000+ req/s a small bound shows as tail latency.
max_requests = 20000
max_requests_jitter = 2000
# Load the site once in the master: a worker recycled after max_requests then starts at once
# instead of spending most of a second of CPU importing Django while requests queue.
preload_app = True
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None
forwarded_allow_ips = os.environ.get("TRUSTED_PROXIES", "127.0.0.1,::1")
# The path without its query string, and never a private link's secret.
accesslog = "-"
access_log_format = '%(h)s "%(m)s %(U)s" %(s)s %(B)s %(M)sms'
logger_class = "wpsevents.gunicorn_logging.RedactingLogger"
# gunicorn's control socket sits at one path per user: several instances on one machine (two app
# servers, the operational checks) would take it from each other, and nothing here uses it.
control_socket_disable = True


def pre_fork(server, worker):
    """Leave what the master loaded out of the workers' garbage collections.

    The site's modules make up most of a worker's objects and live as long as it does: the
    collector's full passes over them paused a worker for about 100 ms every few hundred
    requests. Frozen before the fork, they are also never written to by the collector, so the
    workers keep sharing their memory with the master.
    """
    gc.freeze()
