"""The anomaly report of a cohort: signs that the attendance evidence may have been faked
or mis-recorded, each named with its half-day, the people and the evidence, in French.

Pure reads: `load_evidence` runs a fixed number of queries (5, whatever the cohort's
size); each detector is a function of that evidence returning a list of `Anomaly`. An
anomaly is a lead for a person to check, not a verdict.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import holidays
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from essor.cohorts.models import Cohort, Enrolment, EnrolmentStatus
from essor.cohorts.selectors import display_name
from essor.core.formats import french_date, french_time
from essor.programmes.models import Slot

from .labels import half_day_name
from .models import Signature, SignatureMethod, SignInPolicy, SlotSpeaker

# A hand-drawn signature is never byte-identical twice: strokes differ by a pixel, and the
# PNG encoder turns that into different bytes. So the same image on two half-days of one
# participant already means the image was copied (replayed), not redrawn.
REPEATED_IMAGE_MIN_SLOTS = 2
# One phone passed around the room: the same device (same IP hash AND same browser) signing
# for at least 3 different people within 5 minutes of one half-day. Two people sharing a
# phone once (a flat battery) stays below it; a classroom behind one Wi-Fi address is told
# apart by the browser string. Identical phones on one network can still trip it: a lead
# to check, not proof.
SHARED_DEVICE_MIN_PEOPLE = 3
SHARED_DEVICE_WINDOW = timedelta(minutes=5)
DEFAULT_OPENS_MINUTES_BEFORE = SignInPolicy._meta.get_field("opens_minutes_before").default
# Who may sign a half-day: anyone holding a place (a certified participant signed before).
SIGNING_STATUSES = (EnrolmentStatus.ADMITTED, EnrolmentStatus.ENROLLED, EnrolmentStatus.CERTIFIED)
HASH_SHOWN = 12  # characters of a SHA-256 shown as evidence: enough to compare by eye


@dataclass(frozen=True)
class Anomaly:
    kind: str  # stable code (tests and filters match on it)
    title: str
    half_days: tuple[str, ...]
    people: tuple[str, ...]
    evidence: tuple[str, ...]
    at: datetime  # the earliest instant concerned, to list anomalies in time order


@dataclass
class Evidence:
    """What the detectors need, read once."""

    cohort: Cohort
    zone: ZoneInfo
    slots: dict[int, Slot]
    signatures: list[Signature]
    opens_before: timedelta
    enrolled: int
    speaker_rows: list[SlotSpeaker]  # every slot of every speaker of the cohort, all cohorts
    names: dict[int, str] = field(default_factory=dict)  # enrolment id → name

    def name(self, signature: Signature) -> str:
        return self.names[signature.enrolment_id]

    def half_day(self, slot_id: int) -> str:
        return half_day_name(self.slots[slot_id], self.zone)

    def clock(self, signature: Signature) -> str:
        """« 14 h 05 », with the date when it is not the half-day's own."""
        at = signature.signed_at.astimezone(self.zone)
        slot_day = self.slots[signature.slot_id].start.astimezone(self.zone).date()
        if at.date() == slot_day:
            return french_time(at.time())
        return _("%(date)s à %(time)s") % {
            "date": french_date(at.date()),
            "time": french_time(at.time()),
        }


def load_evidence(cohort: Cohort) -> Evidence:
    """5 queries: slots, signatures (with people), the sign-in policy, the number of
    enrolled participants, the speakers' half-days."""
    zone = ZoneInfo(cohort.timezone)
    slots = {s.pk: s for s in Slot.objects.filter(cohort=cohort).select_related("module")}
    for slot in slots.values():
        slot.cohort = cohort  # named in reports without a query per slot
    signatures = list(
        Signature.objects.filter(slot__cohort=cohort)
        .select_related("enrolment__user", "enrolment__application")
        .order_by("slot_id", "signed_at", "pk")
    )
    opens = (
        SignInPolicy.objects.filter(cohort=cohort)
        .values_list("opens_minutes_before", flat=True)
        .first()
    )
    enrolled = Enrolment.objects.filter(cohort=cohort, status__in=SIGNING_STATUSES).count()
    speakers_here = SlotSpeaker.objects.filter(slot__cohort=cohort).values("speaker_id")
    speaker_rows = list(
        SlotSpeaker.objects.filter(speaker_id__in=speakers_here)
        .select_related("speaker", "slot__module", "slot__cohort")
        .order_by("speaker_id", "slot__start", "pk")
    )
    return Evidence(
        cohort=cohort,
        zone=zone,
        slots=slots,
        signatures=signatures,
        opens_before=timedelta(minutes=DEFAULT_OPENS_MINUTES_BEFORE if opens is None else opens),
        enrolled=enrolled,
        speaker_rows=speaker_rows,
        names={s.enrolment_id: display_name(s.enrolment) for s in signatures},
    )


def _sorted_half_days(ev: Evidence, slot_ids) -> tuple[str, ...]:
    ordered = sorted(set(slot_ids), key=lambda pk: ev.slots[pk].start)
    return tuple(ev.half_day(pk) for pk in ordered)


def _unique(names) -> tuple[str, ...]:
    return tuple(dict.fromkeys(names))


def _with_image(ev: Evidence) -> list[Signature]:
    return [s for s in ev.signatures if s.image_sha256]


def identical_images(ev: Evidence) -> list[Anomaly]:
    """The same signature image (same SHA-256) for different people: one image copied."""
    by_hash: dict[str, list[Signature]] = defaultdict(list)
    for signature in _with_image(ev):
        by_hash[signature.image_sha256].append(signature)
    found = []
    for digest, group in by_hash.items():
        people = _unique(ev.name(s) for s in group)
        if len({s.enrolment_id for s in group}) < 2:
            continue
        found.append(
            Anomaly(
                kind="identical_image",
                title=_("Même image de signature pour %(count)s personnes")
                % {"count": len(people)},
                half_days=_sorted_half_days(ev, (s.slot_id for s in group)),
                people=people,
                evidence=(
                    _("Empreinte de l'image : %(hash)s…") % {"hash": digest[:HASH_SHOWN]},
                    *(
                        _("%(name)s — %(half_day)s, signée à %(time)s")
                        % {
                            "name": ev.name(s),
                            "half_day": ev.half_day(s.slot_id),
                            "time": ev.clock(s),
                        }
                        for s in group
                    ),
                ),
                at=min(s.signed_at for s in group),
            )
        )
    return found


def repeated_images(ev: Evidence) -> list[Anomaly]:
    """One participant's image identical on several half-days (see REPEATED_IMAGE_MIN_SLOTS).
    Images shared with other people are reported by identical_images instead."""
    by_hash: dict[str, list[Signature]] = defaultdict(list)
    for signature in _with_image(ev):
        by_hash[signature.image_sha256].append(signature)
    found = []
    for digest, group in by_hash.items():
        if len({s.enrolment_id for s in group}) != 1:
            continue
        if len({s.slot_id for s in group}) < REPEATED_IMAGE_MIN_SLOTS:
            continue
        name = ev.name(group[0])
        found.append(
            Anomaly(
                kind="repeated_image",
                title=_("Image de signature réutilisée sur %(count)s demi-journées")
                % {"count": len(group)},
                half_days=_sorted_half_days(ev, (s.slot_id for s in group)),
                people=(name,),
                evidence=(
                    _(
                        "Empreinte de l'image : %(hash)s… ; une signature dessinée à la main "
                        "n'est jamais identique d'une fois sur l'autre."
                    )
                    % {"hash": digest[:HASH_SHOWN]},
                ),
                at=min(s.signed_at for s in group),
            )
        )
    return found


def _signed_at(ev: Evidence, signatures) -> tuple[str, ...]:
    """« Camille Martin : signée à 14 h 05 », one line per signature."""
    return tuple(
        _("%(name)s : signée à %(time)s") % {"name": ev.name(s), "time": ev.clock(s)}
        for s in signatures
    )


def _own_sign_ins(ev: Evidence) -> list[Signature]:
    # A paper sheet transcribed afterwards is dated when it was typed in and from the
    # office's computer: its evidence is the scanned sheet, not the time or the device.
    return [s for s in ev.signatures if s.method != SignatureMethod.PAPER]


def _by_slot(signatures) -> dict[int, list[Signature]]:
    grouped: dict[int, list[Signature]] = defaultdict(list)
    for signature in signatures:
        grouped[signature.slot_id].append(signature)
    return grouped


def signatures_outside_window(ev: Evidence) -> list[Anomaly]:
    """Signed before the sign-in window opened or after the half-day ended."""
    outside = [
        s
        for s in _own_sign_ins(ev)
        if not (
            ev.slots[s.slot_id].start - ev.opens_before <= s.signed_at <= ev.slots[s.slot_id].end
        )
    ]
    found = []
    for slot_id, group in _by_slot(outside).items():
        slot = ev.slots[slot_id]
        window = _("émargement ouvert de %(open)s à %(end)s") % {
            "open": french_time((slot.start - ev.opens_before).astimezone(ev.zone).time()),
            "end": french_time(slot.end.astimezone(ev.zone).time()),
        }
        found.append(
            Anomaly(
                kind="outside_window",
                title=ngettext(
                    "%(count)s signature hors de la plage d'émargement",
                    "%(count)s signatures hors de la plage d'émargement",
                    len(group),
                )
                % {"count": len(group)},
                half_days=(ev.half_day(slot_id),),
                people=_unique(ev.name(s) for s in group),
                evidence=(window, *_signed_at(ev, group)),
                at=group[0].signed_at,
            )
        )
    return found


WEEKDAY_NAMES = (None, None, None, None, None, gettext_lazy("samedi"), gettext_lazy("dimanche"))


def signatures_on_days_off(ev: Evidence) -> list[Anomaly]:
    """Signed on a French public holiday or on a weekend (local date of the signature)."""
    own = _own_sign_ins(ev)
    years = {s.signed_at.astimezone(ev.zone).year for s in own}
    public_holidays = holidays.France(years=years, language="fr") if years else {}
    grouped: dict[tuple[int, object], list[Signature]] = defaultdict(list)
    for signature in own:
        day = signature.signed_at.astimezone(ev.zone).date()
        if day in public_holidays or day.weekday() >= 5:
            grouped[(signature.slot_id, day)].append(signature)
    found = []
    for (slot_id, day), group in grouped.items():
        if day in public_holidays:
            kind = "holiday"
            title = _("Signatures un jour férié : %(holiday)s, %(date)s") % {
                "holiday": public_holidays.get(day),
                "date": french_date(day),
            }
        else:
            kind = "weekend"
            title = _("Signatures un %(weekday)s : %(date)s") % {
                "weekday": WEEKDAY_NAMES[day.weekday()],
                "date": french_date(day),
            }
        found.append(
            Anomaly(
                kind=kind,
                title=title,
                half_days=(ev.half_day(slot_id),),
                people=_unique(ev.name(s) for s in group),
                evidence=_signed_at(ev, group),
                at=group[0].signed_at,
            )
        )
    return found


def speaker_overlaps(ev: Evidence) -> list[Anomaly]:
    """A speaker assigned to two half-days that overlap in time, in any cohorts, one of
    them at least in this cohort."""
    by_speaker: dict[int, list[SlotSpeaker]] = defaultdict(list)
    for row in ev.speaker_rows:
        by_speaker[row.speaker_id].append(row)
    found = []
    for rows in by_speaker.values():
        # Sorted by start: once a later slot starts after this one ends, none overlaps.
        for i, first in enumerate(rows):
            for second in rows[i + 1 :]:
                if second.slot.start >= first.slot.end:
                    break
                if first.slot_id == second.slot_id:
                    continue
                if ev.cohort.pk not in (first.slot.cohort_id, second.slot.cohort_id):
                    continue
                found.append(_overlap(ev, first, second))
    return found


def _overlap(ev: Evidence, first: SlotSpeaker, second: SlotSpeaker) -> Anomaly:
    name = str(first.speaker)

    def hours(slot) -> str:
        return _("%(date)s, %(start)s – %(end)s") % {
            "date": french_date(slot.start.astimezone(ev.zone).date()),
            "start": french_time(slot.start.astimezone(ev.zone).time()),
            "end": french_time(slot.end.astimezone(ev.zone).time()),
        }

    return Anomaly(
        kind="speaker_overlap",
        title=_("%(name)s intervient sur deux demi-journées en même temps") % {"name": name},
        half_days=tuple(
            half_day_name(row.slot, ev.zone, with_cohort=True) for row in (first, second)
        ),
        people=(name,),
        evidence=tuple(
            _("%(half_day)s : %(hours)s")
            % {
                "half_day": half_day_name(row.slot, ev.zone, with_cohort=True),
                "hours": hours(row.slot),
            }
            for row in (first, second)
        ),
        at=first.slot.start,
    )


def too_many_signatures(ev: Evidence) -> list[Anomaly]:
    """More signatures on a half-day than participants holding a place in the cohort."""
    found = []
    for slot_id, group in _by_slot(ev.signatures).items():
        if len(group) <= ev.enrolled:
            continue
        found.append(
            Anomaly(
                kind="too_many_signatures",
                title=_("Plus de signatures que d'inscrit·es"),
                half_days=(ev.half_day(slot_id),),
                people=(),
                evidence=(
                    _("%(signatures)s signatures pour %(enrolled)s inscrit·es")
                    % {"signatures": len(group), "enrolled": ev.enrolled},
                ),
                at=ev.slots[slot_id].start,
            )
        )
    return found


def _bursts(group: list[Signature]) -> list[list[Signature]]:
    """Runs of signatures (sorted by time) where some 5-minute span holds at least 3
    different people; overlapping spans are merged into one run."""
    flagged: list[Signature] = []
    for i, first in enumerate(group):
        window = [s for s in group[i:] if s.signed_at - first.signed_at <= SHARED_DEVICE_WINDOW]
        if len({s.enrolment_id for s in window}) >= SHARED_DEVICE_MIN_PEOPLE:
            flagged += [s for s in window if s not in flagged]
    runs: list[list[Signature]] = []
    for signature in sorted(flagged, key=lambda s: s.signed_at):
        if runs and signature.signed_at - runs[-1][-1].signed_at <= SHARED_DEVICE_WINDOW:
            runs[-1].append(signature)
        else:
            runs.append([signature])
    return runs


def shared_devices(ev: Evidence) -> list[Anomaly]:
    """Many people signing from one device in a short time (see SHARED_DEVICE_*)."""
    devices: dict[tuple[int, str, str], list[Signature]] = defaultdict(list)
    for signature in _own_sign_ins(ev):
        if signature.ip_hash and signature.user_agent:
            key = (signature.slot_id, signature.ip_hash, signature.user_agent)
            devices[key].append(signature)
    found = []
    for (slot_id, _ip, agent), group in devices.items():
        for run in _bursts(sorted(group, key=lambda s: s.signed_at)):
            minutes = int((run[-1].signed_at - run[0].signed_at).total_seconds() // 60)
            found.append(
                Anomaly(
                    kind="shared_device",
                    title=_("%(count)s personnes ont signé depuis le même appareil")
                    % {"count": len({s.enrolment_id for s in run})},
                    half_days=(ev.half_day(slot_id),),
                    people=_unique(ev.name(s) for s in run),
                    evidence=(
                        ngettext(
                            "Même adresse IP et même navigateur (%(agent)s), en moins de "
                            "%(minutes)s minute",
                            "Même adresse IP et même navigateur (%(agent)s), en moins de "
                            "%(minutes)s minutes",
                            minutes + 1,
                        )
                        % {"agent": _short(agent), "minutes": minutes + 1},
                        *_signed_at(ev, run),
                    ),
                    at=run[0].signed_at,
                )
            )
    return found


def _short(agent: str, length: int = 80) -> str:
    return agent if len(agent) <= length else agent[: length - 1] + "…"


@dataclass(frozen=True)
class Section:
    kind: str
    title: str
    explanation: str
    anomalies: list[Anomaly]


DETECTORS = (
    (
        "identical_image",
        identical_images,
        gettext_lazy("Images de signature identiques"),
        gettext_lazy("La même image (octet pour octet) a servi à signer pour plusieurs personnes."),
    ),
    (
        "repeated_image",
        repeated_images,
        gettext_lazy("Image de signature réutilisée"),
        gettext_lazy(
            "La même image pour une personne sur au moins deux demi-journées : une signature "
            "dessinée n'est jamais identique, l'image a été recopiée."
        ),
    ),
    (
        "outside_window",
        signatures_outside_window,
        gettext_lazy("Signatures hors de la plage d'émargement"),
        gettext_lazy(
            "Signée avant l'ouverture de l'émargement ou après la fin de la demi-journée "
            "(hors feuilles papier retranscrites)."
        ),
    ),
    (
        "day_off",
        signatures_on_days_off,
        gettext_lazy("Signatures un jour férié ou un week-end"),
        gettext_lazy("Date de la signature : jour férié en France, samedi ou dimanche."),
    ),
    (
        "speaker_overlap",
        speaker_overlaps,
        gettext_lazy("Intervenant·e sur deux demi-journées à la fois"),
        gettext_lazy("Une même personne est prévue sur deux demi-journées qui se chevauchent."),
    ),
    (
        "too_many_signatures",
        too_many_signatures,
        gettext_lazy("Plus de signatures que d'inscrit·es"),
        gettext_lazy(
            "Plus de signatures sur une demi-journée que de personnes inscrites "
            "(admises, inscrites ou certifiées)."
        ),
    ),
    (
        "shared_device",
        shared_devices,
        gettext_lazy("Nombreuses signatures depuis un même appareil"),
        gettext_lazy(
            "Au moins 3 personnes en 5 minutes avec la même adresse IP et le même navigateur : "
            "un téléphone a peut-être circulé dans la salle."
        ),
    ),
)


def anomaly_report(cohort: Cohort) -> list[Section]:
    """Every detector's findings, in a fixed order of sections, each in time order."""
    ev = load_evidence(cohort)
    return [
        Section(
            kind=kind,
            title=str(title),
            explanation=str(explanation),
            anomalies=sorted(detect(ev), key=lambda a: a.at),
        )
        for kind, detect, title, explanation in DETECTORS
    ]


def all_anomalies(cohort: Cohort) -> list[Anomaly]:
    return [a for section in anomaly_report(cohort) for a in section.anomalies]
