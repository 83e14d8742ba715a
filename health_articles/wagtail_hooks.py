"""Wagtail admin integration: the Tags area (Settings > Tags) for administrators."""

from django.urls import path
from taggit.models import Tag
from wagtail import hooks
from wagtail.admin.ui.tables import Column
from wagtail.admin.viewsets.model import ModelViewSet

from .views import (
    MergeTagsView,
    TagDeleteView,
    TagEditView,
    TagForm,
    TagIndexView,
)


class TagViewSet(ModelViewSet):
    model = Tag
    name = "health_tags"
    url_prefix = "tags"
    icon = "tag"
    menu_label = "Tags"
    menu_order = 250
    add_to_settings_menu = True
    form_fields = ["name", "slug"]
    list_per_page = 50
    copy_view_enabled = False
    inspect_view_enabled = False
    index_view_class = TagIndexView
    edit_view_class = TagEditView
    delete_view_class = TagDeleteView
    search_fields = ["name", "slug"]
    list_display = [
        "name",
        "slug",
        Column("article_count", label="Articles", sort_key="article_count"),
    ]
    add_item_label = "Add a tag"
    edit_item_label = "Rename tag"

    def get_form_class(self, for_update=False):
        return TagForm

    @property
    def merge_view(self):
        return MergeTagsView.as_view()

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [
            path("merge/", self.merge_view, name="merge"),
        ]


tag_viewset = TagViewSet()


@hooks.register("register_admin_viewset")
def register_tag_viewset():
    return tag_viewset


def _replace_message(request, old, new):
    """Reword a message added earlier in this request (Wagtail's own)."""
    from django.contrib import messages

    storage = messages.get_messages(request)
    for message in getattr(storage, "_queued_messages", []):
        if str(message.message) == old:
            message.message = new
            return True
    return False


@hooks.register("after_edit_page")
def say_published_after_approval(request, page):
    """A moderator approving the last step of a workflow publishes the page,
    but Wagtail's message only said "has been updated"."""
    if not (
        request.method == "POST"
        and request.POST.get("action-workflow-action")
        and request.POST.get("workflow-action-name") == "approve"
    ):
        return None
    page.refresh_from_db()
    if not page.live or page.has_unpublished_changes or page.workflow_in_progress:
        return None
    title = page.get_admin_display_title()
    _replace_message(
        request,
        f"Page '{title}' has been updated.",
        f"Page '{title}' has been approved and published.",
    )
    return None


@hooks.register("register_admin_urls")
def register_duplicates_url():
    from django.urls import path

    from .views import LikelyDuplicatesView

    return [
        path(
            "reports/likely-duplicates/",
            LikelyDuplicatesView.as_view(),
            name="likely_duplicates",
        )
    ]


@hooks.register("register_reports_menu_item")
def register_duplicates_menu_item():
    from django.urls import reverse
    from wagtail.admin.menu import MenuItem

    return MenuItem(
        "Likely duplicates",
        reverse("likely_duplicates"),
        icon_name="doc-full",
        order=700,
    )
