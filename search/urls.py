from django.urls import path

from . import views

app_name = "search"

urlpatterns = [
    path("search/", views.search_page, name="results"),
    path("api/search/", views.api_search, name="api_search"),
    path("api/search/autocomplete/", views.api_autocomplete, name="api_autocomplete"),
    path(
        "api/articles/<int:article_id>/related/", views.api_related, name="api_related"
    ),
]
