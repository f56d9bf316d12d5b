"""Essor's URLs plus the ceiling: a view that does nothing behind the full middleware stack."""

from django.http import HttpResponse
from django.urls import path

from essor.urls import urlpatterns as essor_urlpatterns


def trivial(request):
    """No template, no database: what the stack itself costs per request."""
    return HttpResponse("ok")


urlpatterns = [path("bench/trivial/", trivial, name="bench-trivial"), *essor_urlpatterns]
