from django.views.generic import DetailView, ListView

from decisions.selectors import decisions_visible_to, paragraph_tree


class DecisionListView(ListView):
    def get_queryset(self):
        return decisions_visible_to(self.request.user).select_related("meeting")


class DecisionDetailView(DetailView):
    def get_queryset(self):
        return decisions_visible_to(self.request.user).select_related("meeting")

    def get_context_data(self, **kwargs):
        return super().get_context_data(paragraphs=paragraph_tree(self.object), **kwargs)
