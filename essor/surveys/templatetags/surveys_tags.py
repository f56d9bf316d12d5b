"""`{% open_surveys_block user %}`: « Questionnaires à remplir » on the home pages."""

from django import template

from essor.core.numbers import french_number, french_rate

from ..answering import open_surveys_for

register = template.Library()


@register.inclusion_tag("surveys/_home_block.html")
def open_surveys_block(user):
    return {"surveys": open_surveys_for(user)}


@register.filter
def mean(value) -> str:
    """« 4,25 » (two decimals); « — » when hidden or unknown."""
    return french_number(value, 2)


@register.filter
def percent(value) -> str:
    """A percentage already from 0 to 100: « 41,7 % »; « — » when unknown."""
    return french_rate(value)
