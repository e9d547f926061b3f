"""The stock project's one address: the same trivial view as Vetted's /bench/trivial/."""

from django.http import HttpResponse
from django.urls import path


def trivial(request):
    return HttpResponse(b"ok", content_type="text/plain")


urlpatterns = [path("bench/trivial/", trivial)]
