from django.urls import path

from ask import views

app_name = "ask"
urlpatterns = [
    path("", views.ask, name="ask"),
    path("send/", views.send, name="send"),
]
