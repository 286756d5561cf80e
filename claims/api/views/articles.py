"""Articles: submit (text or URL), list, one article with its claims, publish its approved
verdicts. Submitting and publishing are the services' (article_submit, article_submit_url,
article_publish), with their refusals as 400 and 403."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, PolymorphicProxySerializer, extend_schema, extend_schema_view
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.generics import get_object_or_404
from rest_framework.response import Response
from rest_framework.viewsets import GenericViewSet

from ...models import Article
from ...services.articles import article_submit, article_submit_url
from ...services.publishing import article_publish
from ..errors import error_responses
from ..inputs import ArticleFilterSerializer, ArticleTextSerializer, ArticleUrlSerializer, article_create_serializer
from ..permissions import CanSubmitArticles
from ..queries import article_detail_queryset, articles_queryset
from ..serializers import ArticleDetailSerializer, ArticleListSerializer, PublishResultSerializer
from .base import ServiceAPIMixin

ID = OpenApiParameter("id", OpenApiTypes.INT, OpenApiParameter.PATH, description="The article's id.")
ARTICLE_CREATE = PolymorphicProxySerializer(
    component_name="ArticleCreate",
    resource_type_field_name=None,
    serializers=[ArticleTextSerializer, ArticleUrlSerializer],
)


@extend_schema_view(
    list=extend_schema(
        summary="Articles, newest first",
        parameters=[
            OpenApiParameter("state", str, enum=Article.State.values, description="Processing state."),
            OpenApiParameter("language", str, description="Language code of the article (it, en, ...)."),
        ],
        responses={200: ArticleListSerializer(many=True), **error_responses(400, 404)},
    ),
    retrieve=extend_schema(
        summary="An article with its claims",
        parameters=[ID],
        responses={200: ArticleDetailSerializer, **error_responses(404)},
    ),
)
class ArticleViewSet(ServiceAPIMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, GenericViewSet):
    permission_classes = [CanSubmitArticles]
    serializer_class = ArticleListSerializer

    def get_queryset(self):
        if self.action == "list":
            filters = ArticleFilterSerializer(data=self.request.query_params)
            if not filters.is_valid():
                raise ValidationError(filters.errors)
            return articles_queryset(filters.validated_data)
        return article_detail_queryset()

    def get_serializer_class(self):
        return ArticleListSerializer if self.action == "list" else ArticleDetailSerializer

    @extend_schema(
        summary="Submit an article",
        description="From its text (`text`, and optionally `title`, `source_url`, `content_type`) or from the "
        "address of its page (`url`, optionally `title`): a worker fetches the page, then the claims "
        "are extracted as for pasted text. Refusals of the text or URL (empty, too large, binary, "
        "javascript: or other non-web URLs) are 400 with the reason.",
        request=ARTICLE_CREATE,
        responses={201: ArticleDetailSerializer, **error_responses(400, 413)},
    )
    def create(self, request):
        body = article_create_serializer(request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        if isinstance(body, ArticleUrlSerializer):
            article = article_submit_url(url=data["url"], title=data["title"], submitted_by=request.user)
        else:
            article = article_submit(
                body=data["text"],
                title=data["title"],
                source_url=data["source_url"],
                content_type=data["content_type"],
                origin="api",
                submitted_by=request.user,
            )
        article = article_detail_queryset().get(pk=article.pk)
        return Response(
            ArticleDetailSerializer(article, context=self.get_serializer_context()).data, status=status.HTTP_201_CREATED
        )

    @extend_schema(
        summary="Publish the article's approved verdicts",
        description="Editors with the publish permission. Publishes every approved verdict of the article (a "
        "published correction supersedes the earlier version); `published` says how many.",
        parameters=[ID],
        request=None,
        responses={200: PublishResultSerializer, **error_responses(404)},
    )
    @action(detail=True, methods=["post"])
    def publish(self, request, **kwargs):
        article = get_object_or_404(Article.objects.only("id"), pk=self.kwargs["id"])
        return Response({"published": article_publish(article=article, by=request.user)})
