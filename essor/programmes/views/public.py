from django.http import HttpResponse


def home(request):  # placeholder, replaced by the public pages
    return HttpResponse("Essor")


def programme_detail(request, code):
    return HttpResponse(code)
