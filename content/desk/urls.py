"""URLs of the desk: the reader pages under /xiaobao/ (namespace `desk`) and the app's API."""

from django.urls import path

from . import api, feedback_views, views

app_name = "desk"

urlpatterns = [
    path("", views.desk_form, name="form"),
    path("status/", views.desk_status, name="status"),
    path("feedback/", feedback_views.page_feedback, name="feedback"),
]

api_urlpatterns = [
    path("requests/", api.submit, name="api_submit"),
    path("requests/<str:number>/", api.lookup, name="api_lookup"),
]
