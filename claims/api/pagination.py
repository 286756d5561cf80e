"""Pages of results: DRF's page-number pagination as configured in settings, and for the
claims list the queue page's cached total."""

from functools import partial

from rest_framework.pagination import PageNumberPagination

from ..selectors.queue import QUEUE_PAGE_SIZE, CachedCountPaginator


class QueuePagination(PageNumberPagination):
    """The claims list counts its total the way the queue page does: at most every few
    seconds per filter set (selectors.CachedCountPaginator), because a COUNT(*) over
    100,000 claims costs more than the page of rows itself. The view sets `count_key`."""

    page_size = QUEUE_PAGE_SIZE

    def paginate_queryset(self, queryset, request, view=None):
        self.django_paginator_class = partial(CachedCountPaginator, count_key=view.count_key)
        return super().paginate_queryset(queryset, request, view)
