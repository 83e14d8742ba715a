"""Tag administration in the Wagtail admin: list, rename, merge, delete.

Only users with taggit's ``change_tag``/``delete_tag`` permissions (superusers,
or a group an administrator grants them to) see or use these views; Wagtail's
default Editors and Moderators groups have neither.
"""

import re

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.html import format_html
from django.views.generic import FormView, TemplateView
from taggit.models import Tag
from wagtail.admin.views.generic import DeleteView, EditView, IndexView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.widgets.button import HeaderButton
from wagtail.models import Revision
from wagtail.permission_policies import ModelPermissionPolicy

from search import signals as search_signals

from .duplicates import likely_duplicates
from .models import HealthArticlePage, HealthArticleTag, MergedTag

ARTICLE_TAGGINGS = "health_articles_healtharticletag_items"
tag_permission_policy = ModelPermissionPolicy(Tag)


def user_can_manage_tags(user):
    return tag_permission_policy.user_has_any_permission(user, ["change", "delete"])


def _reindex(article_ids):
    if not article_ids:
        return
    search_signals.reindex_articles(article_ids)


def _through_models():
    """Every tagging model pointing at taggit's Tag (articles, images, ...)."""
    result = []
    for relation in Tag._meta.related_objects:
        model = relation.related_model
        if relation.field.name != "tag" or not relation.one_to_many:
            continue
        keys = [
            f.attname
            for f in model._meta.concrete_fields
            if not f.primary_key and f.name != "tag"
        ]
        result.append((model, keys))
    return result


def _rewrite_revision_tags(article_ids, tag_map):
    """Point the tags stored in the articles' latest revisions at the new tags.

    The page editor loads the latest revision, whose ``tagged_items`` hold tag
    ids; without this, merged or deleted tags would linger there. ``tag_map``
    maps old tag id -> new tag id, or None to drop the tag.
    """
    revision_ids = HealthArticlePage.objects.filter(pk__in=article_ids).values_list(
        "latest_revision_id", flat=True
    )
    for revision in Revision.objects.filter(pk__in=[r for r in revision_ids if r]):
        items = revision.content.get("tagged_items") or []
        seen, new_items, changed = set(), [], False
        for item in items:
            tag_id = item.get("tag")
            if tag_id in tag_map:
                changed = True
                tag_id = tag_map[tag_id]
                if tag_id is None:
                    continue
                item = {**item, "tag": tag_id}
            if tag_id in seen:
                changed = True
                continue
            seen.add(tag_id)
            new_items.append(item)
        if changed:
            revision.content["tagged_items"] = new_items
            revision.save(update_fields=["content"])


def _remember_merged_slugs(sources, target):
    """Old tag addresses keep working: each merged slug (and any slug that
    had been merged into one of them) now points at ``target``."""
    source_ids = [tag.pk for tag in sources]
    MergedTag.objects.filter(tag_id__in=source_ids).update(tag=target)
    MergedTag.objects.filter(old_slug=target.slug).delete()
    for tag in sources:
        MergedTag.objects.update_or_create(old_slug=tag.slug, defaults={"tag": target})


def merge_tags(sources, target):
    """Move every tagging of ``sources`` to ``target`` and delete ``sources``.

    Items that already carry ``target`` lose the duplicate. Returns the ids of
    the articles whose tags changed (they are re-indexed).
    """
    sources = [tag for tag in sources if tag.pk != target.pk]
    source_ids = [tag.pk for tag in sources]
    if not source_ids:
        return []
    with transaction.atomic():
        article_ids = set(
            HealthArticleTag.objects.filter(tag_id__in=source_ids).values_list(
                "content_object_id", flat=True
            )
        )
        for model, keys in _through_models():
            existing = {
                tuple(row)
                for row in model._default_manager.filter(tag=target).values_list(*keys)
            }
            move, drop = [], []
            rows = model._default_manager.filter(tag_id__in=source_ids).values_list(
                "pk", *keys
            )
            for pk, *key in rows.order_by("pk"):
                key = tuple(key)
                if key in existing:
                    drop.append(pk)
                else:
                    existing.add(key)
                    move.append(pk)
            # Queryset updates send no signals: the articles are re-indexed below.
            model._default_manager.filter(pk__in=drop).delete()
            model._default_manager.filter(pk__in=move).update(tag=target)
        _rewrite_revision_tags(article_ids, {pk: target.pk for pk in source_ids})
        _remember_merged_slugs(sources, target)
        Tag.objects.filter(pk__in=source_ids).delete()
        _reindex(article_ids)
    return sorted(article_ids)


class TagForm(forms.ModelForm):
    class Meta:
        model = Tag
        fields = ["name", "slug"]
        help_texts = {
            "name": "Shown on articles and in search facets.",
            "slug": "Used in addresses such as /articles/tag/<slug>/. Changing it "
            "breaks existing links to the old address.",
        }

    def clean_name(self):
        name = " ".join(self.cleaned_data["name"].split())
        clash = Tag.objects.filter(name__iexact=name).exclude(pk=self.instance.pk)
        if clash.exists():
            raise forms.ValidationError(
                f"A tag called “{clash.first().name}” already exists. "
                "Use “Merge tags” to combine them."
            )
        return name


class TagIndexView(IndexView):
    default_ordering = "name"
    search_fields = ["name", "slug"]

    def get_base_queryset(self):
        return (
            super()
            .get_base_queryset()
            .annotate(article_count=models.Count(ARTICLE_TAGGINGS, distinct=True))
        )

    @cached_property
    def header_buttons(self):
        buttons = list(super().header_buttons)
        if tag_permission_policy.user_has_permission(
            self.request.user, "change"
        ) and tag_permission_policy.user_has_permission(self.request.user, "delete"):
            buttons.append(
                HeaderButton(
                    "Merge tags",
                    url=reverse("health_tags:merge"),
                    icon_name="resubmit",
                )
            )
        return buttons


class TagEditView(EditView):
    def get_success_message(self, instance=None):
        return f"Tag “{self.object.name}” saved. Its articles are being re-indexed."


class TagDeleteView(DeleteView):
    template_name = "health_articles/admin/tag_delete.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["article_count"] = HealthArticleTag.objects.filter(
            tag=self.object
        ).count()
        return context

    def delete_action(self):
        article_ids = list(
            HealthArticleTag.objects.filter(tag=self.object).values_list(
                "content_object_id", flat=True
            )
        )
        _rewrite_revision_tags(article_ids, {self.object.pk: None})
        super().delete_action()


class TagChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        count = getattr(obj, "article_count", None)
        return obj.name if count is None else f"{obj.name} ({count})"


def _tags_with_counts():
    return Tag.objects.annotate(
        article_count=models.Count(ARTICLE_TAGGINGS, distinct=True)
    ).order_by("name")


class MergeTagsForm(forms.Form):
    tags = TagChoiceField(
        queryset=Tag.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        label="Tags to merge",
        help_text="Every article with one of these tags gets the target tag "
        "instead; these tags are then deleted.",
    )
    target = forms.ModelChoiceField(
        queryset=Tag.objects.none(),
        required=False,
        label="Merge into existing tag",
        empty_label="(choose a tag, or give a new name below)",
    )
    new_name = forms.CharField(
        required=False,
        max_length=100,
        label="…or into a tag with this name",
        help_text="Creates the tag if no tag has this name (any capitalisation).",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["tags"].queryset = _tags_with_counts()
        self.fields["target"].queryset = Tag.objects.order_by("name")

    def clean(self):
        cleaned = super().clean()
        target = cleaned.get("target")
        new_name = " ".join((cleaned.get("new_name") or "").split())
        if target and new_name:
            raise forms.ValidationError(
                "Choose an existing tag or type a new name, not both."
            )
        if not target and not new_name:
            raise forms.ValidationError("Choose the tag to merge into.")
        if new_name:
            target = Tag.objects.filter(name__iexact=new_name).first()
        cleaned["target_tag"] = target
        cleaned["new_name"] = new_name
        selected = cleaned.get("tags") or []
        sources = [t for t in selected if target is None or t != target]
        if "tags" in cleaned and not sources:
            raise forms.ValidationError(
                "Select at least one tag other than the one you are merging into."
            )
        cleaned["sources"] = sources
        return cleaned


def tag_key(name):
    """What two tags that mean the same thing share: case, punctuation and a
    plural "s" ignored ("Muscles", "muscle", "muscles!" -> "muscle")."""
    words = re.findall(r"\w+", (name or "").casefold())
    return " ".join(w[:-1] if len(w) > 3 and w.endswith("s") else w for w in words)


def merge_suggestions():
    """Groups of tags that differ only in case, punctuation or a plural:
    [[tag, ...], ...], each group most used first (the likely target)."""
    groups = {}
    for tag in _tags_with_counts():
        groups.setdefault(tag_key(tag.name), []).append(tag)
    return [
        sorted(tags, key=lambda t: (-t.article_count, t.name))
        for key, tags in sorted(groups.items())
        if key and len(tags) > 1
    ]


class MergeTagsView(WagtailAdminTemplateMixin, FormView):
    form_class = MergeTagsForm
    template_name = "health_articles/admin/merge_tags.html"
    page_title = "Merge tags"
    header_icon = "tag"

    def dispatch(self, request, *args, **kwargs):
        user = request.user
        if not (
            tag_permission_policy.user_has_permission(user, "change")
            and tag_permission_policy.user_has_permission(user, "delete")
        ):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse("health_tags:index"), "label": "Tags"},
            {"url": "", "label": "Merge"},
        ]

    def get_initial(self):
        initial = super().get_initial()
        selected = [pk for pk in self.request.GET.getlist("tag") if pk.isdigit()]
        if selected:
            initial["tags"] = selected
        target = self.request.GET.get("target", "")
        if target.isdigit():
            initial["target"] = target
        return initial

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("suggestions", merge_suggestions())
        return context

    def form_valid(self, form):
        target = form.cleaned_data["target_tag"]
        sources = form.cleaned_data["sources"]
        if self.request.POST.get("confirm") != "yes":
            # First step: say exactly what will happen and ask again.
            return self.render_to_response(
                self.get_context_data(
                    form=form,
                    confirming=True,
                    sources=sources,
                    target_name=target.name
                    if target
                    else form.cleaned_data["new_name"],
                    target_is_new=target is None,
                    affected=HealthArticleTag.objects.filter(tag__in=sources)
                    .values("content_object_id")
                    .distinct()
                    .count(),
                )
            )
        if target is None:
            target = Tag.objects.create(name=form.cleaned_data["new_name"])
        names = ", ".join(f"“{t.name}”" for t in sources)
        article_ids = merge_tags(sources, target)
        messages.success(
            self.request,
            format_html(
                "Merged {} into “{}”: {} article(s) updated.",
                names,
                target.name,
                len(article_ids),
            ),
        )
        return redirect("health_tags:index")


class LikelyDuplicatesView(WagtailAdminTemplateMixin, TemplateView):
    """Reports > Likely duplicates: live articles that share a name."""

    template_name = "health_articles/admin/likely_duplicates.html"
    page_title = "Likely duplicates"
    header_icon = "doc-full"

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [{"url": "", "label": "Likely duplicates"}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["groups"] = likely_duplicates()
        return context
