"""Registers the coursework permissions with django-rules (autodiscovered)."""

import rules

from essor.cohorts.permissions import is_coordinator, is_participant, is_speaker, is_tutor

# The statements participants chose to share for the module 1 presentations: the cohort's
# participants and its teaching team read them; partners do not.
rules.add_perm(
    "coursework.read_shared_statements",
    is_participant | is_coordinator | is_speaker | is_tutor,
)
