"""View restrictions for private and password articles, only ever added.

A restriction is added before a page's first publish, so a private article is
never public, not even for a moment; one that is there already (ours or an
editor's) is never removed.
"""

from __future__ import annotations

from django.contrib.auth.models import Group
from wagtail.models import PageViewRestriction

from .base import RESTRICT_PASSWORD, ImportedArticle

#: Who may see a WordPress "private" post: the groups that could see it there
#: (editors and administrators); superusers always pass a group restriction.
PRIVATE_GROUPS = ("Moderators", "Editors")


def ensure_restriction(page, article: ImportedArticle, warnings: list[str]) -> bool:
    """Add the view restriction the source asks for; True when one was added.

    Never removes one: a page the source now calls public but that has a
    restriction (ours or an editor's) stays restricted, with a warning.
    """
    existing = PageViewRestriction.objects.filter(page=page)
    if not article.restriction:
        if existing.exists():
            warnings.append(
                f"{article.position}: public at the source but restricted "
                "here; the restriction is kept (remove it in the admin)"
            )
        return False
    if article.restriction == RESTRICT_PASSWORD:
        if existing.filter(
            restriction_type=PageViewRestriction.PASSWORD,
            password=article.password,
        ).exists():
            return False
        PageViewRestriction.objects.create(
            page=page,
            restriction_type=PageViewRestriction.PASSWORD,
            password=article.password,
        )
        return True
    if existing.filter(
        restriction_type__in=[
            PageViewRestriction.GROUPS,
            PageViewRestriction.LOGIN,
        ]
    ).exists():
        return False
    groups = list(Group.objects.filter(name__in=PRIVATE_GROUPS))
    restriction = PageViewRestriction.objects.create(
        page=page,
        restriction_type=(
            PageViewRestriction.GROUPS if groups else PageViewRestriction.LOGIN
        ),
    )
    if groups:
        restriction.groups.set(groups)
    return True
