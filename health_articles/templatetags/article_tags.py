"""Template helpers for the public site: structured data, tag links, navigation."""

import json

from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import strip_tags
from django.utils.safestring import mark_safe

from health_articles.models import HealthArticleIndexPage

register = template.Library()

# The same escapes as django.utils.html.json_script: the JSON stays valid, and
# nothing inside it can close the <script> element or start an HTML comment.
_JSON_SCRIPT_ESCAPES = {
    ord("<"): "\\u003C",
    ord(">"): "\\u003E",
    ord("&"): "\\u0026",
    ord("\u2028"): "\\u2028",
    ord("\u2029"): "\\u2029",
}


def json_ld_script(data):
    """``<script type="application/ld+json">`` holding ``data``, safely escaped."""
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=None)
    text = text.translate(_JSON_SCRIPT_ESCAPES)
    return mark_safe(f'<script type="application/ld+json">{text}</script>')


def _absolute(request, page):
    return page.get_full_url(request) if page is not None else ""


def _person(name):
    return {"@type": "Person", "name": name}


def medical_web_page_data(page, request=None):
    """schema.org ``MedicalWebPage`` for a health article."""
    data = {
        "@context": "https://schema.org",
        "@type": "MedicalWebPage",
        "name": page.title,
        "headline": page.title,
        "description": page.search_description or page.summary,
        "url": _absolute(request, page),
        "inLanguage": "en-GB",
        "about": {"@type": "MedicalCondition", "name": page.title},
    }
    aliases = page.also_known_as_list
    if aliases:
        data["about"]["alternateName"] = aliases
    if page.last_reviewed:
        data["lastReviewed"] = page.last_reviewed.isoformat()
    if page.reviewer:
        data["reviewedBy"] = _person(page.reviewer)
    if page.author:
        data["author"] = _person(page.author)
    if page.first_published_at:
        data["datePublished"] = page.first_published_at.isoformat()
    modified = page.last_published_at or page.latest_revision_created_at
    if modified:
        data["dateModified"] = modified.isoformat()
    tags = [tag.name for tag in page.tags.all()]
    if tags:
        data["keywords"] = ", ".join(tags)
    if page.hero_image_id and request is not None:
        rendition = page.hero_image.get_rendition("fill-1200x630")
        data["image"] = request.build_absolute_uri(rendition.url)
    return data


def faq_page_data(page):
    """schema.org ``FAQPage`` from the article's FAQ blocks, or ``None``."""
    entities = []
    for item in page.faq_items():
        answer = " ".join(strip_tags(str(item["answer"])).split())
        if not item["question"] or not answer:
            continue
        entities.append(
            {
                "@type": "Question",
                "name": item["question"],
                "acceptedAnswer": {"@type": "Answer", "text": answer},
            }
        )
    if not entities:
        return None
    return {
        "@context": "https://schema.org",
        "@type": "FAQPage",
        "mainEntity": entities,
    }


@register.simple_tag(takes_context=True)
def article_json_ld(context, page):
    """JSON-LD for an article page: MedicalWebPage, plus FAQPage when it has FAQs."""
    request = context.get("request")
    scripts = [json_ld_script(medical_web_page_data(page, request))]
    faq = faq_page_data(page)
    if faq:
        scripts.append(json_ld_script(faq))
    return mark_safe("\n".join(scripts))


@register.simple_tag(takes_context=True)
def articles_index(context):
    """The articles index page (the "Topics" section), or ``None``."""
    request = context.get("request")
    cache = getattr(request, "_articles_index_cache", None) if request else None
    if cache is not None:
        return cache[0]
    page = context.get("page")
    index = None
    if isinstance(page, HealthArticleIndexPage):
        index = page
    elif page is not None and getattr(page, "pk", None):
        parent = page.get_parent()
        if parent is not None and isinstance(parent.specific, HealthArticleIndexPage):
            index = parent.specific
    if index is None:
        index = HealthArticleIndexPage.objects.live().public().order_by("path").first()
    if request is not None:
        request._articles_index_cache = (index,)
    return index


@register.simple_tag(takes_context=True)
def tag_url(context, tag):
    """URL of the articles index filtered by ``tag`` (the ``tag/<slug>/`` route)."""
    index = articles_index(context)
    if index is None:
        return ""
    request = context.get("request")
    base = index.get_url(request=request) or "/"
    return base + index.reverse_subpage("tag", args=(tag.slug,))


@register.filter
def heading_level(level):
    """'h2' -> 2; anything unexpected -> 2."""
    try:
        return int(str(level).lstrip("hH"))
    except ValueError:
        return 2


@register.simple_tag
def elided_page_range(page_obj):
    """Page numbers around the current page, with '…' gaps for long listings."""
    return page_obj.paginator.get_elided_page_range(
        page_obj.number, on_each_side=2, on_ends=1
    )


def _bare_doi(doi):
    doi = (doi or "").strip()
    for prefix in (
        "https://doi.org/",
        "http://doi.org/",
        "https://dx.doi.org/",
        "doi:",
    ):
        if doi.lower().startswith(prefix):
            return doi[len(prefix) :].strip()
    return doi


@register.filter
def doi_name(doi):
    """'doi:10.1/x' or 'https://doi.org/10.1/x' -> '10.1/x'."""
    return _bare_doi(doi)


@register.filter
def doi_url(doi):
    """A DOI as a resolvable https://doi.org/ link."""
    return "https://doi.org/" + _bare_doi(doi)


@register.filter
def with_title_levels(stream):
    """Pair each body block with the heading tag for its own title.

    A block's title (e.g. "Symptoms") sits one level below the latest heading
    block before it, so the document outline stays in order: h2 at the top,
    h3 under an h2 heading, h4 under an h3.
    """
    result, current = [], None
    for child in stream:
        if child.block_type == "heading":
            current = heading_level(child.value.get("level"))
            result.append((child, None))
        else:
            level = min(current + 1, 4) if current else 2
            result.append((child, f"h{level}"))
    return result
