from django.urls import path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import SimpleRouter

from .views.articles import ArticleViewSet
from .views.claims import ClaimViewSet
from .views.verdicts import ClaimVerdictViewSet, RatingList

app_name = "api"

router = SimpleRouter()
router.register("articles", ArticleViewSet, basename="article")
router.register("claims", ClaimViewSet, basename="claim")
# Only detail actions (/claims/{id}/verdict/..., /claims/{id}/correct/): no list or detail
# routes of its own, so it sits beside ClaimViewSet under the same prefix.
router.register("claims", ClaimVerdictViewSet, basename="claim-verdict")

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    # The split view serves Swagger UI's start-up script as a file of its own: no inline
    # script, so the page keeps the Content-Security-Policy. (Redoc, which injects styles and
    # a worker at run time and loads a logo from its CDN, is not offered.)
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api:schema"), name="docs"),
    path("ratings/", RatingList.as_view(), name="ratings"),
    *router.urls,
]
