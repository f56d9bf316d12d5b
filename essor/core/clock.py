"""The one source of "now", so that deadlines can be tested with the clock frozen.

Call `clock.now()` (not `from … import now`), so a test's monkeypatch reaches every caller.
"""

from datetime import datetime

from django.utils import timezone


def now() -> datetime:
    return timezone.now()
