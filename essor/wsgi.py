import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "essor.settings")
application = get_wsgi_application()

# Load the URL configuration (and with it every view module) now, then move everything
# loaded so far out of the garbage collector's sight: those objects live as long as the
# process, and a full collection walking them all stalls a request for ~0,1 s. Each
# gunicorn worker then only scans what its requests create.
from django.urls import get_resolver  # noqa: E402

get_resolver().url_patterns  # noqa: B018 (imports the views)
gc.freeze()
