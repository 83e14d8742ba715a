"""An editor's publish flow: the Editors group may publish articles (set up by
setup_site), and approving a workflow's last step says "published"."""

import pytest
from django.contrib.auth.models import Group
from django.contrib.messages import get_messages, success
from django.contrib.messages.storage.fallback import FallbackStorage
from django.test import RequestFactory
from wagtail.models import Workflow

from health_articles.demo.site import setup_site
from health_articles.wagtail_hooks import say_published_after_approval
from tests.conftest import make_article

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(django_user_model):
    user = django_user_model.objects.create_user("ed", "ed@example.com", "pw-ed-123")
    user.groups.add(Group.objects.get(name="Editors"))
    return user


def test_editors_may_publish_articles_after_setup(editor):
    _home, index = setup_site()
    setup_site()  # idempotent: one grant
    page = make_article(index, "Muscle cramps", publish=False)
    assert page.permissions_for_user(editor).can_publish()
    assert (
        index.group_permissions.filter(
            group__name="Editors", permission__codename="publish_page"
        ).count()
        == 1
    )


def test_editor_sees_publish_in_the_page_editor(client, editor):
    _home, index = setup_site()
    page = make_article(index, "Muscle cramps", publish=False)
    client.force_login(editor)
    html = client.get(f"/admin/pages/{page.pk}/edit/").content.decode()
    assert 'name="action-publish"' in html


def _request_with_messages(data):
    request = RequestFactory().post("/admin/pages/1/edit/", data)
    request.session = {}
    request._messages = FallbackStorage(request)
    return request


def test_approval_that_publishes_says_published(site_tree, django_user_model):
    moderator = django_user_model.objects.create_superuser("mo", "m@e.com", "pw-m-1")
    page = make_article(site_tree["index"], "Muscle cramps", publish=False)
    workflow = Workflow.objects.get(name="Moderators approval")
    workflow.start(page, moderator)
    page.refresh_from_db()
    data = {"action-workflow-action": "true", "workflow-action-name": "approve"}
    request = _request_with_messages(data)
    page.current_workflow_task.on_action(
        page.current_workflow_task_state, moderator, "approve"
    )
    success(request, "Page 'Muscle cramps' has been updated.")
    say_published_after_approval(request, page)
    texts = [str(m) for m in get_messages(request)]
    assert texts == ["Page 'Muscle cramps' has been approved and published."]


def test_other_saves_keep_wagtails_message(site_tree):
    page = make_article(site_tree["index"], "Muscle cramps")
    request = _request_with_messages({"action-publish": "action-publish"})
    success(request, "Page 'Muscle cramps' has been updated.")
    say_published_after_approval(request, page)
    assert [str(m) for m in get_messages(request)] == [
        "Page 'Muscle cramps' has been updated."
    ]
