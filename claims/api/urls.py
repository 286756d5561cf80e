from django.urls import path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView
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
    path("docs/", SpectacularSwaggerView.as_view(url_name="api:schema"), name="docs"),
    # No ReDoc: its page loads fonts from Google's servers; Swagger UI works offline.
    path("ratings/", RatingList.as_view(), name="ratings"),
    *router.urls,
]
