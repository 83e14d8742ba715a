"""Create the site tree: HomePage at the Site root, "Health topics" index under it."""

from django.db import transaction
from wagtail.models import Page, Site

from health_articles.models import HealthArticleIndexPage, HomePage

HOME_TITLE = "Health Answers"
HOME_INTRO = (
    "<p>Clear, medically reviewed answers to everyday health questions. "
    "Search in your own words: <b>charley horse</b>, <b>tummy ache</b> or "
    "<b>legs twitching at night</b> all work.</p>"
)
INDEX_TITLE = "Health topics"
INDEX_SLUG = "articles"
INDEX_INTRO = "<p>Every article on the site, A to Z. Narrow the list by topic.</p>"


def _publish(page):
    page.save_revision(log_action=False).publish(log_action=False)
    page.refresh_from_db()
    return page


def _is_default_welcome_page(page):
    """Wagtail's "Welcome to your new Wagtail site!" placeholder, untouched."""
    return (
        page.depth == 2
        and page.specific_class is Page
        and page.numchild == 0
        and page.title.startswith("Welcome to")
    )


@transaction.atomic
def setup_site(hostname="localhost", port=8000, stdout=None):
    """Idempotently build the site tree; returns (home, index)."""

    def say(message):
        if stdout is not None:
            stdout.write(message)

    root = Page.get_first_root_node()
    home = HomePage.objects.first()
    if home is None:
        home = HomePage(title=HOME_TITLE, slug="health-answers", intro=HOME_INTRO)
        root.add_child(instance=home)
        _publish(home)
        say(f"Created home page {home.title!r}.")
    elif not home.live:
        _publish(home)

    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        site = Site(is_default_site=True)
    changed = (
        site.root_page_id != home.pk
        or site.hostname != hostname
        or site.port != port
        or not site.site_name
    )
    if changed:
        site.root_page = home
        site.hostname = hostname
        site.port = port
        site.site_name = site.site_name or HOME_TITLE
        site.save()
        say(f"Default site now {site.hostname}:{site.port} -> {home.title!r}.")

    for page in root.get_children():
        if page.pk != home.pk and _is_default_welcome_page(page):
            if not Site.objects.filter(root_page=page).exists():
                say(f"Removed Wagtail's placeholder page {page.title!r}.")
                page.delete()
    home.refresh_from_db()
    if home.slug != "home" and not root.get_children().filter(slug="home").exists():
        home.slug = "home"
        _publish(home)

    index = (
        HealthArticleIndexPage.objects.child_of(home).filter(slug=INDEX_SLUG).first()
    )
    if index is None:
        index = HealthArticleIndexPage(
            title=INDEX_TITLE, slug=INDEX_SLUG, intro=INDEX_INTRO
        )
        home.add_child(instance=index)
        _publish(index)
        say(f"Created articles index {index.url_path}.")
    elif not index.live:
        _publish(index)
    grant_editors_publish(index)
    return home, index


def grant_editors_publish(index):
    """Editors publish their own articles: Wagtail's default "Editors" group
    may only submit pages to the "Moderators approval" workflow, so an editor
    saw no Publish button. The grant covers the articles index and below."""
    from django.contrib.auth.models import Group, Permission
    from wagtail.models import GroupPagePermission

    group = Group.objects.filter(name="Editors").first()
    if group is None:
        return
    publish = Permission.objects.get(
        content_type__app_label="wagtailcore", codename="publish_page"
    )
    GroupPagePermission.objects.get_or_create(
        group=group, page=index, permission=publish
    )
