"""List views filtered by a form of GET parameters."""


class FilterFormMixin:
    """A value that is not valid gives 400 with the form's messages and no rows, never a 500 or a silent ignore.

    Subclasses set `filter_form_class`, pass their base queryset through
    `filtered()` and say in `filter_queryset()` what the cleaned values do.
    """

    filter_form_class = None

    def get(self, request, *args, **kwargs):
        self.filters = self.filter_form_class(request.GET or None)
        response = super().get(request, *args, **kwargs)
        if self.filters.is_bound and not self.filters.is_valid():
            response.status_code = 400
        return response

    def filtered(self, queryset):
        if not self.filters.is_bound:
            return queryset
        if not self.filters.is_valid():
            return queryset.none()
        return self.filter_queryset(queryset, self.filters.cleaned_data)

    def filter_queryset(self, queryset, cleaned_data):
        raise NotImplementedError

    def get_context_data(self, **kwargs):
        return super().get_context_data(filters=self.filters, **kwargs)
