"""An imported article's old addresses as permanent redirects to its page."""

from __future__ import annotations

from wagtail.contrib.redirects.models import Redirect

from .base import ImportedArticle


def ensure_redirects(page, article: ImportedArticle, site, warnings: list[str]) -> bool:
    """A permanent redirect from each old address; True when any changed."""
    root_path = site.root_page.url_path if site else "/"
    own = Redirect.normalise_path(page.url_path[len(root_path) - 1 :])
    changed = False
    for url in article.old_urls:
        old_path = Redirect.normalise_path(url)
        if old_path in {"/", own}:
            continue
        redirect = Redirect.objects.filter(old_path=old_path, site=site).first()
        if redirect is None:
            Redirect.objects.create(
                old_path=old_path,
                site=site,
                redirect_page=page,
                is_permanent=True,
            )
            changed = True
        elif redirect.redirect_page_id != page.pk or not redirect.is_permanent:
            if redirect.redirect_page_id not in {None, page.pk}:
                warnings.append(
                    f"{article.position}: the redirect from {old_path} went to "
                    f"page {redirect.redirect_page_id}; it now goes to this one"
                )
            redirect.redirect_page = page
            redirect.redirect_link = ""
            redirect.is_permanent = True
            redirect.save()
            changed = True
    return changed
