"""StreamField blocks for structured health articles.

Each block renders with its own template in ``templates/blocks/``. Blocks that
carry searchable text expose it through ``get_searchable_content`` (Wagtail's
default for struct/list blocks), so the body is indexed as plain text.
"""

from django.utils.text import slugify
from wagtail import blocks
from wagtail.contrib.table_block.blocks import TableBlock
from wagtail.images.blocks import ImageChooserBlock

RICH_FEATURES = ["bold", "italic", "link", "ol", "ul", "superscript", "subscript"]


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(max_length=200)
    level = blocks.ChoiceBlock(
        choices=[("h2", "Heading 2"), ("h3", "Heading 3")], default="h2"
    )
    anchor = blocks.CharBlock(
        required=False,
        max_length=80,
        help_text="Optional id for links to this heading; made from the text if blank.",
    )

    def get_anchor(self, value):
        return slugify(value.get("anchor") or value.get("text") or "")[:80]

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        context["anchor"] = self.get_anchor(value)
        return context

    class Meta:
        icon = "title"
        template = "blocks/heading.html"


class ParagraphBlock(blocks.RichTextBlock):
    def __init__(self, **kwargs):
        kwargs.setdefault("features", RICH_FEATURES)
        super().__init__(**kwargs)

    class Meta:
        icon = "pilcrow"
        template = "blocks/paragraph.html"


class KeyFactsBlock(blocks.StructBlock):
    title = blocks.CharBlock(default="Key facts", max_length=100)
    facts = blocks.ListBlock(blocks.CharBlock(max_length=300), min_num=1)

    class Meta:
        icon = "list-ul"
        template = "blocks/key_facts.html"


class ItemListBlock(blocks.StructBlock):
    """A titled list with an optional introduction (symptoms, causes)."""

    title = blocks.CharBlock(max_length=100)
    intro = blocks.TextBlock(required=False)
    items = blocks.ListBlock(blocks.CharBlock(max_length=300), min_num=1)

    class Meta:
        icon = "list-ul"
        template = "blocks/item_list.html"


class SymptomListBlock(ItemListBlock):
    title = blocks.CharBlock(default="Symptoms", max_length=100)

    class Meta:
        label = "Symptom list"
        css_class = "symptoms"


class CausesListBlock(ItemListBlock):
    title = blocks.CharBlock(default="Causes", max_length=100)

    class Meta:
        label = "Causes list"
        css_class = "causes"


class StepBlock(blocks.StructBlock):
    title = blocks.CharBlock(max_length=150)
    detail = blocks.TextBlock(required=False)


class TreatmentStepsBlock(blocks.StructBlock):
    title = blocks.CharBlock(default="Treatment and self-care", max_length=100)
    steps = blocks.ListBlock(StepBlock(), min_num=1)

    class Meta:
        icon = "list-ol"
        template = "blocks/treatment_steps.html"


class WarningCalloutBlock(blocks.StructBlock):
    title = blocks.CharBlock(default="When to see a doctor", max_length=100)
    urgency = blocks.ChoiceBlock(
        choices=[
            ("routine", "See a GP"),
            ("urgent", "Get urgent advice"),
            ("emergency", "Call emergency services"),
        ],
        default="routine",
    )
    text = blocks.RichTextBlock(features=RICH_FEATURES)

    class Meta:
        icon = "warning"
        template = "blocks/warning_callout.html"


class CaptionedImageBlock(blocks.StructBlock):
    image = ImageChooserBlock()
    alt_text = blocks.CharBlock(
        max_length=250, help_text="Describe the image for people who cannot see it."
    )
    caption = blocks.CharBlock(required=False, max_length=250)

    class Meta:
        icon = "image"
        template = "blocks/image.html"


class QuoteBlock(blocks.StructBlock):
    quote = blocks.TextBlock()
    attribution = blocks.CharBlock(required=False, max_length=200)

    class Meta:
        icon = "openquote"
        template = "blocks/quote.html"


class FAQItemBlock(blocks.StructBlock):
    question = blocks.CharBlock(max_length=300)
    answer = blocks.RichTextBlock(features=RICH_FEATURES)


class FAQBlock(blocks.StructBlock):
    title = blocks.CharBlock(default="Frequently asked questions", max_length=100)
    items = blocks.ListBlock(FAQItemBlock(), min_num=1)

    class Meta:
        icon = "help"
        template = "blocks/faq.html"


class ReferenceBlock(blocks.StructBlock):
    title = blocks.CharBlock(max_length=400)
    publisher = blocks.CharBlock(required=False, max_length=200)
    url = blocks.URLBlock(required=False)
    doi = blocks.CharBlock(required=False, max_length=100, label="DOI")
    accessed = blocks.DateBlock(required=False, label="Accessed on")


class ReferencesBlock(blocks.StructBlock):
    title = blocks.CharBlock(default="References", max_length=100)
    references = blocks.ListBlock(ReferenceBlock(), min_num=1)

    class Meta:
        icon = "doc-full"
        template = "blocks/references.html"


class SearchBoxBlock(blocks.StructBlock):
    """The CMS's replacement for the ``[wpdreams_ajaxsearchpro_results]`` shortcode."""

    label = blocks.CharBlock(default="Search health topics", max_length=100)
    placeholder = blocks.CharBlock(
        required=False, default="e.g. muscle cramps", max_length=100
    )

    def get_searchable_content(self, value):
        return []

    class Meta:
        icon = "search"
        template = "blocks/search_box.html"


class ArticleBodyBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    paragraph = ParagraphBlock()
    key_facts = KeyFactsBlock()
    symptoms = SymptomListBlock()
    causes = CausesListBlock()
    treatment = TreatmentStepsBlock()
    see_doctor = WarningCalloutBlock(label="When to see a doctor")
    image = CaptionedImageBlock()
    quote = QuoteBlock()
    faq = FAQBlock(label="FAQ")
    references = ReferencesBlock()
    table = TableBlock(template="blocks/table.html")
    search_box = SearchBoxBlock()
