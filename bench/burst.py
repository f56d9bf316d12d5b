"""The sign-in burst: every participant of the 300-cohort signs the open slot at once.

Each participant is a thread with its own HTTP connection and its own bearer token;
they wait on a barrier, then all POST /api/slots/<id>/signatures with the slot's current
rotating code (confirmation without drawing: the cohort's SignInPolicy allows it). The
duration runs from the barrier's release to the last answer. Afterwards the database is
read: one Signature per enrolment, none missing, none duplicated.
"""

import datetime as dt
import http.client
import json
import threading
import time
from collections import Counter


def prepare(live: dict) -> tuple[int, str, list[str]]:
    """Move the burst slot to now, erase its signatures, issue one token per participant.

    Returns (slot id, current code, tokens).
    """
    from django.db import transaction
    from django.utils import timezone

    from essor.accounts.models import ApiToken
    from essor.accounts.services import issue_api_token
    from essor.attendance import codes
    from essor.cohorts.models import Enrolment
    from essor.programmes.models import Slot

    now = timezone.now()
    slot = Slot.objects.select_related("cohort").get(pk=live["burst_slot"])
    with transaction.atomic():
        reset(slot.pk)
        # Running now: the window is open (it opens 15 minutes before the start).
        slot.start = now - dt.timedelta(minutes=5)
        slot.end = now + dt.timedelta(hours=3)
        slot.save(update_fields=["start", "end"])
        ApiToken.objects.filter(user_id__in=live["participants"], name="bench burst").delete()
    users = Enrolment.objects.filter(cohort_id=live["cohort_id"]).select_related("user")
    tokens = [issue_api_token(user=e.user, name="bench burst")[1] for e in users]
    policy = codes.policy_for(slot.cohort)
    # Not within 3 s of a rotation: the code stays valid (current + previous step) anyway,
    # but this keeps the whole burst inside one step.
    while (time.time() % policy.code_step_seconds) > policy.code_step_seconds - 3:
        time.sleep(0.5)
    code = codes.current_code(slot, timezone.now(), policy)
    return slot.pk, code, tokens


def reset(slot_id: int) -> None:
    """Erase what a burst wrote on the slot (signatures, records and their history)."""
    from essor.attendance.models import AttendanceChange, AttendanceRecord, Signature

    AttendanceChange.objects.filter(record__slot_id=slot_id).delete()
    AttendanceRecord.objects.filter(slot_id=slot_id).delete()
    Signature.objects.filter(slot_id=slot_id).delete()


def run_burst(port: int, live: dict) -> dict:
    from django.db.models import Count

    from essor.attendance.models import Signature

    slot_id, code, tokens = prepare(live)
    body = json.dumps({"code": code, "confirm": True})
    path = f"/api/slots/{slot_id}/signatures"
    barrier = threading.Barrier(len(tokens) + 1)
    statuses: list = [None] * len(tokens)
    finished: list = [0.0] * len(tokens)

    def client(index: int, token: str) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
        try:
            barrier.wait()
            conn.request("POST", path, body=body, headers=headers)
            response = conn.getresponse()
            response.read()
            statuses[index] = response.status
        except Exception as error:  # any failure counts as an error
            statuses[index] = type(error).__name__
        finally:
            finished[index] = time.perf_counter()
            conn.close()

    threads = [threading.Thread(target=client, args=(i, token)) for i, token in enumerate(tokens)]
    for thread in threads:
        thread.start()
    barrier.wait()
    started = time.perf_counter()
    for thread in threads:
        thread.join()
    duration = max(finished) - started

    rows = Signature.objects.filter(slot_id=slot_id)
    per_enrolment = rows.values("enrolment_id").annotate(n=Count("id"))
    duplicates = sum(row["n"] - 1 for row in per_enrolment if row["n"] > 1)
    status_counts = Counter(str(s) for s in statuses)
    errors = sum(n for s, n in status_counts.items() if s != "201")
    result = {
        "participants": len(tokens),
        "duration_s": round(duration, 3),
        "status_counts": dict(status_counts),
        "errors": errors,
        "signatures": rows.count(),
        "duplicates": duplicates,
        "target": "300 signatures, 0 errors, 0 duplicates, within 3 s",
    }
    result["pass"] = (
        result["signatures"] == len(tokens) == 300
        and errors == 0
        and duplicates == 0
        and duration <= 3
    )
    return result
