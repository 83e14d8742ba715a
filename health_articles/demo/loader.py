"""Load the demo articles in ``articles.py`` idempotently.

Each article is keyed by ``source_id = "demo:<slug>"``; running the loader again
updates changed articles (publishing a new revision) and leaves the rest alone.
"""

import datetime
import os
import secrets
from dataclasses import dataclass, field
from html import escape

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction

from health_articles.blocks import ArticleBodyBlock
from health_articles.models import HealthArticlePage, RelatedArticle

from .articles import ARTICLES
from .site import setup_site

SOURCE_PREFIX = "demo:"
BODY_BLOCK = ArticleBodyBlock()


@dataclass
class LoadResult:
    created: list = field(default_factory=list)
    updated: list = field(default_factory=list)
    unchanged: list = field(default_factory=list)


def _html(text):
    """Plain text paragraphs (blank-line separated) -> rich text HTML.

    Text already starting with a tag is taken as HTML written for this file.
    """
    text = text.strip()
    if text.startswith("<"):
        return text
    return "".join(
        f"<p>{escape(p.strip())}</p>" for p in text.split("\n\n") if p.strip()
    )


def _block(kind, value):
    """Expand the compact notation of ``articles.py`` into raw block data."""
    if kind == "heading":
        text, _, level = value.partition("|")
        return {"text": text, "level": level or "h2", "anchor": ""}
    if kind == "paragraph":
        return _html(value)
    if kind == "key_facts":
        return {"title": "Key facts", "facts": list(value)}
    if kind in {"symptoms", "causes"}:
        if isinstance(value, dict):
            return {
                "title": value.get("title", kind.capitalize()),
                "intro": value.get("intro", ""),
                "items": list(value["items"]),
            }
        return {"title": kind.capitalize(), "intro": "", "items": list(value)}
    if kind == "treatment":
        title = "Treatment and self-care"
        if isinstance(value, dict):
            title, value = value["title"], value["steps"]
        return {
            "title": title,
            "steps": [{"title": t, "detail": d} for t, d in value],
        }
    if kind == "see_doctor":
        urgency, text = value[0], value[1]
        title = value[2] if len(value) > 2 else "When to see a doctor"
        return {"title": title, "urgency": urgency, "text": _html(text)}
    if kind == "quote":
        quote, attribution = value
        return {"quote": quote, "attribution": attribution}
    if kind == "faq":
        return {
            "title": "Frequently asked questions",
            "items": [{"question": q, "answer": _html(a)} for q, a in value],
        }
    if kind == "references":
        refs = []
        for ref in value:
            refs.append(
                {
                    "title": ref["title"],
                    "publisher": ref.get("publisher", ""),
                    "url": ref.get("url", ""),
                    "doi": ref.get("doi", ""),
                    "accessed": ref.get("accessed"),
                }
            )
        return {"title": "References", "references": refs}
    if kind == "table":
        rows = [list(row) for row in value["rows"]]
        return {
            "data": rows,
            "first_row_is_table_header": value.get("header", True),
            "first_col_is_header": value.get("first_col_is_header", False),
            "table_caption": value.get("caption", ""),
        }
    if kind == "search_box":
        label, placeholder = value
        return {"label": label, "placeholder": placeholder}
    raise ValueError(f"Unknown demo block type {kind!r}")


def build_body(blocks):
    raw = [{"type": kind, "value": _block(kind, value)} for kind, value in blocks]
    return BODY_BLOCK.to_python(raw)


def _without_ids(data):
    if isinstance(data, dict):
        return {k: _without_ids(v) for k, v in data.items() if k != "id"}
    if isinstance(data, list):
        return [_without_ids(v) for v in data]
    return data


def _body_fingerprint(stream_value):
    return _without_ids(BODY_BLOCK.get_prep_value(stream_value))


def _date(value):
    if value is None or isinstance(value, datetime.date):
        return value
    return datetime.date.fromisoformat(value)


def _fields(data):
    return {
        "title": data["title"],
        "summary": data["summary"],
        "also_known_as": "\n".join(data.get("also_known_as", [])),
        "author": data.get("author", ""),
        "reviewer": data.get("reviewer", ""),
        "last_reviewed": _date(data.get("last_reviewed")),
        "next_review_due": _date(data.get("next_review_due")),
        "search_description": data.get("search_description", ""),
    }


def _publish(page):
    page.save_revision(log_action=False).publish(log_action=False)


def _tag_names(page):
    return sorted(tag.name.lower() for tag in page.tags.all())


def load_articles(index, articles=ARTICLES, stdout=None):
    """Create or update every demo article under ``index``; returns a LoadResult."""
    result = LoadResult()
    by_slug = {}
    total = len(articles)
    for number, data in enumerate(articles, start=1):
        slug = data["slug"]
        source_id = SOURCE_PREFIX + slug
        fields = _fields(data)
        body = build_body(data["body"])
        tags = sorted(t.lower() for t in data.get("tags", []))
        page = HealthArticlePage.objects.filter(source_id=source_id).first()
        if page is None:
            page = HealthArticlePage(
                slug=slug, source_id=source_id, body=body, **fields
            )
            index.add_child(instance=page)
            page.tags.set(tags)
            _publish(page)
            result.created.append(page)
            action = "created"
        else:
            changed = [
                name for name, value in fields.items() if getattr(page, name) != value
            ]
            if _body_fingerprint(page.body) != _body_fingerprint(body):
                changed.append("body")
            if _tag_names(page) != tags:
                changed.append("tags")
            if changed or not page.live:
                for name, value in fields.items():
                    setattr(page, name, value)
                page.body = body
                page.tags.set(tags)
                _publish(page)
                result.updated.append(page)
                action = "updated (" + ", ".join(changed or ["unpublished"]) + ")"
            else:
                result.unchanged.append(page)
                action = "unchanged"
        by_slug[slug] = page
        if stdout is not None:
            stdout.write(f"  [{number}/{total}] {page.title}: {action}")

    # Editor's picks, once every article exists.
    for data in articles:
        page = by_slug[data["slug"]]
        wanted = [by_slug[s].pk for s in data.get("related", []) if s in by_slug]
        current = [link.page_id for link in page.related_links.all()]
        if wanted != current:
            page = HealthArticlePage.objects.get(pk=page.pk)
            page.related_links = [
                RelatedArticle(page_id=pk, sort_order=i) for i, pk in enumerate(wanted)
            ]
            _publish(page)
            if page not in result.created and page not in result.updated:
                result.updated.append(page)
    return result


def _password(env_name):
    return os.environ.get(env_name) or secrets.token_urlsafe(12)


def ensure_users(stdout=None):
    """Create ``admin`` (superuser) and ``editor`` (Editors group) if missing.

    Returns {username: password or None when the user already existed}.
    """
    User = get_user_model()
    created = {}
    if not User.objects.filter(username="admin").exists():
        password = _password("DEMO_ADMIN_PASSWORD")
        User.objects.create_superuser("admin", "admin@example.com", password)
        created["admin"] = password
    else:
        created["admin"] = None
    if not User.objects.filter(username="editor").exists():
        password = _password("DEMO_EDITOR_PASSWORD")
        editor = User.objects.create_user(
            "editor",
            "editor@example.com",
            password,
            first_name="Eddie",
            last_name="Tor",
        )
        group, _ = Group.objects.get_or_create(name="Editors")
        editor.groups.add(group)
        created["editor"] = password
    else:
        created["editor"] = None
    return created


@transaction.atomic
def load_demo(stdout=None, hostname="localhost", port=8000):
    _home, index = setup_site(hostname=hostname, port=port, stdout=stdout)
    result = load_articles(index, stdout=stdout)
    return index, result
