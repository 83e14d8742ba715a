from django.urls import path

from . import a_z, views

app_name = "search"

urlpatterns = [
    path("search/", views.search_page, name="results"),
    path("api/search/", views.api_search, name="api_search"),
    path("api/search/autocomplete/", views.api_autocomplete, name="api_autocomplete"),
    path(
        "api/articles/<str:article_id>/related/", views.api_related, name="api_related"
    ),
    path("api/search/click/", views.api_click, name="api_click"),
    path("a-z/", a_z.a_z_page, name="a_z"),
]
