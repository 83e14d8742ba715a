"""Wagtail admin: a "Search" menu with Synonyms, Analytics and Index health.

Promoted results stay where Wagtail puts them (Settings > Promoted search
results); see search/admin_views.py for who may use what.
"""

from django.contrib.auth.models import Permission
from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import Column
from wagtail.admin.viewsets.base import ViewSet, ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet

from health_articles.models import HealthArticlePage

from . import admin_readability, admin_views
from .forms import SynonymForm
from .models import BlockedSuggestion, PopularTopic, Synonym, UrgentHelpEntry
from .review_views import StaleSearchesPanel, StaleSearchesView


class SynonymViewSet(ModelViewSet):
    model = Synonym
    name = "search_synonyms"
    url_prefix = "search/synonyms"
    icon = "redirect"
    menu_label = "Synonyms"
    form_fields = ["kind", "terms", "enabled", "notes"]
    list_display = ["__str__", "kind", "enabled", "notes", "updated_at"]
    list_filter = ["kind", "enabled"]
    search_fields = ["terms", "notes"]
    list_per_page = 50
    copy_view_enabled = False
    inspect_view_enabled = False
    add_item_label = "Add a synonym rule"
    index_view_class = admin_views.SynonymIndexView
    add_view_class = admin_views.SynonymCreateView
    edit_view_class = admin_views.SynonymEditView
    delete_view_class = admin_views.SynonymDeleteView

    def get_form_class(self, for_update=False):
        return SynonymForm

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [
            path("export/", admin_views.synonyms_export, name="export"),
            path("import/", admin_views.SynonymImportView.as_view(), name="import"),
        ]


class PopularTopicViewSet(ModelViewSet):
    """The editors' choice for "Popular topics" (used when there are not
    enough search clicks in the last 30 days; see search/popular.py)."""

    model = PopularTopic
    name = "search_popular_topics"
    url_prefix = "search/popular-topics"
    icon = "pick"
    menu_label = "Popular topics"
    form_fields = ["page", "sort_order"]
    list_display = ["__str__", "sort_order"]
    list_per_page = 50
    copy_view_enabled = False
    inspect_view_enabled = False
    add_item_label = "Add a popular topic"

    def get_form_class(self, for_update=False):
        from django import forms
        from wagtail.admin.widgets import AdminPageChooser

        class PopularTopicForm(forms.ModelForm):
            class Meta:
                model = PopularTopic
                fields = ["page", "sort_order"]
                widgets = {"page": AdminPageChooser(target_models=[HealthArticlePage])}

        return PopularTopicForm


class BlockedSuggestionViewSet(ModelViewSet):
    """Words editors never want offered to visitors as a suggested search
    (search/privacy.py: a past query containing one is never suggested)."""

    model = BlockedSuggestion
    name = "search_blocked_suggestions"
    url_prefix = "search/blocked-suggestions"
    icon = "cross"
    menu_label = "Blocked suggestions"
    form_fields = ["term", "notes"]
    list_display = ["term", "notes"]
    search_fields = ["term", "notes"]
    list_per_page = 50
    copy_view_enabled = False
    inspect_view_enabled = False
    add_item_label = "Block a word or phrase"
    add_view_class = admin_views.BlockedSuggestionCreateView
    edit_view_class = admin_views.BlockedSuggestionEditView
    delete_view_class = admin_views.BlockedSuggestionDeleteView


class PermissionMenuItem(MenuItem):
    check = None

    def is_shown(self, request):
        return type(self).check(request.user)


class AnalyticsMenuItem(PermissionMenuItem):
    check = staticmethod(admin_views.can_view_analytics)


class _CheckedViewSet(ViewSet):
    permission_check = None

    @property
    def menu_item_class(self):
        return type(
            f"{type(self).__name__}MenuItem",
            (PermissionMenuItem,),
            {"check": staticmethod(self.permission_check)},
        )


class AnalyticsViewSet(_CheckedViewSet):
    name = "search_analytics"
    url_prefix = "search/analytics"
    icon = "table"
    menu_label = "Analytics"
    permission_check = staticmethod(admin_views.can_view_analytics)

    def get_urlpatterns(self):
        return [
            path("", admin_views.AnalyticsView.as_view(), name="index"),
            path("export/", admin_views.analytics_export, name="export"),
            path(
                "settings/",
                admin_views.AnalyticsSettingsView.as_view(),
                name="settings",
            ),
            path("promote/", admin_views.promote_query, name="promote"),
        ]


class ReadabilityViewSet(_CheckedViewSet):
    name = "search_readability"
    url_prefix = "search/readability"
    icon = "doc-full"
    menu_label = "Readability"
    permission_check = staticmethod(admin_views.can_view_analytics)

    def get_urlpatterns(self):
        return [
            path("", admin_readability.ReadabilityReportView.as_view(), name="index"),
        ]


class IndexHealthViewSet(_CheckedViewSet):
    name = "search_index_health"
    url_prefix = "search/index"
    icon = "cogs"
    menu_label = "Index health"
    permission_check = staticmethod(admin_views.can_manage_index)

    def get_urlpatterns(self):
        return [
            path("", admin_views.IndexHealthView.as_view(), name="index"),
            path("rebuild/", admin_views.RebuildIndexView.as_view(), name="rebuild"),
        ]


class UrgentHelpViewSet(ModelViewSet):
    """Editors' urgent-help entries (search/urgent.py matches them)."""

    model = UrgentHelpEntry
    name = "search_urgent_help"
    url_prefix = "search/urgent-help"
    icon = "warning"
    menu_label = "Urgent help"
    form_fields = [
        "title",
        "message",
        "phrases",
        "synonym_sets",
        "exclusions",
        "article",
        "priority",
        "enabled",
    ]
    list_display = [
        "title",
        "priority",
        "enabled",
        Column("shown", label="Shown (last 30 days)"),
        "updated_at",
    ]
    list_filter = ["enabled"]
    search_fields = ["title", "phrases", "synonym_sets"]
    list_per_page = 50
    copy_view_enabled = False
    inspect_view_enabled = False
    add_item_label = "Add urgent help"

    index_view_class = admin_views.UrgentHelpIndexView

    def get_form_class(self, for_update=False):
        from django import forms
        from wagtail.admin.widgets import AdminPageChooser

        class UrgentHelpForm(WagtailAdminModelForm):
            class Meta:
                model = UrgentHelpEntry
                fields = self.form_fields
                widgets = {
                    "article": AdminPageChooser(target_models=[HealthArticlePage]),
                    "phrases": forms.Textarea(attrs={"rows": 6}),
                    "synonym_sets": forms.Textarea(attrs={"rows": 4}),
                    "exclusions": forms.Textarea(attrs={"rows": 3}),
                }

        return UrgentHelpForm


class SearchViewSetGroup(ViewSetGroup):
    menu_label = "Search"
    menu_icon = "search"
    menu_order = 850
    items = (
        UrgentHelpViewSet,
        SynonymViewSet,
        PopularTopicViewSet,
        BlockedSuggestionViewSet,
        AnalyticsViewSet,
        ReadabilityViewSet,
        IndexHealthViewSet,
    )


@hooks.register("register_admin_viewset")
def register_search_viewsets():
    return SearchViewSetGroup()


@hooks.register("register_permissions")
def register_search_permissions():
    """Let administrators grant these in Settings > Groups."""
    return Permission.objects.filter(
        content_type__app_label="search",
        codename__in=[
            "add_synonym",
            "change_synonym",
            "delete_synonym",
            "view_search_analytics",
            "change_searchanalyticssettings",
            "manage_search_index",
            "add_populartopic",
            "change_populartopic",
            "delete_populartopic",
            "add_blockedsuggestion",
            "change_blockedsuggestion",
            "delete_blockedsuggestion",
            "add_urgenthelpentry",
            "change_urgenthelpentry",
            "delete_urgenthelpentry",
            "change_urgenthelpsettings",
        ],
    )


@hooks.register("construct_reports_menu")
def hide_wagtail_search_terms_report(request, menu_items):
    """Wagtail's "Search terms" report lists every stored query, however
    rare; Search > Analytics applies the privacy threshold instead."""
    menu_items[:] = [item for item in menu_items if item.name != "search-terms"]


# ---------------------------------------------------------------- urgent help


@hooks.register("register_admin_urls")
def register_review_report_url():
    return [
        path(
            "reports/overdue-popular-searches/",
            StaleSearchesView.as_view(),
            name="search_stale_searches",
        )
    ]


@hooks.register("register_reports_menu_item")
def register_review_report_menu_item():
    return AnalyticsMenuItem(
        "Overdue articles in popular searches",
        reverse("search_stale_searches"),
        icon_name="time",
        order=710,
    )


@hooks.register("construct_homepage_panels")
def add_stale_searches_panel(request, panels):
    if admin_views.can_view_analytics(request.user):
        panels.append(StaleSearchesPanel(request))
