"""The "Preview impact" button of the synonym add and edit forms.

The form is validated as for saving; when it is valid, the pending rule is
searched with (search/impact.py) and the same form is shown again with what
it would change. Nothing is saved until the editor presses Save.
"""

from .impact import pending_rules, preview

PREVIEW_FIELD = "preview_impact"


class ImpactPreviewMixin:
    template_name = "search/admin/synonym_form.html"

    def post(self, request, *args, **kwargs):
        if PREVIEW_FIELD not in request.POST:
            return super().post(request, *args, **kwargs)
        if not hasattr(self, "object"):
            self.object = self.get_object() if "pk" in self.kwargs else None
        form = self.get_form()
        if not self.is_valid(form):
            return self.form_invalid(form)
        data = form.cleaned_data
        rules = pending_rules(
            data["kind"],
            data["terms"],
            data.get("enabled", False),
            replacing=self.object.pk if self.object else None,
        )
        self.form = form
        return self.render_to_response(
            self.get_context_data(form=form, impact=preview(rules))
        )
