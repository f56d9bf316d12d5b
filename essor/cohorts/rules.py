"""Registers the cohort permission predicates with django-rules (autodiscovered)."""

from . import permissions  # noqa: F401
