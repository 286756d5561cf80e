from django.urls import path

from .views import articles, queue, review

app_name = "claims"

urlpatterns = [
    path("", queue.home, name="home"),
    # Queue and approvals
    path("queue/", queue.queue, name="queue"),
    path("queue/assign/", queue.bulk_assign, name="queue_assign"),
    path("approvals/", queue.approvals, name="approvals"),
    # Articles
    path("articles/", articles.article_list, name="articles"),
    path("articles/new/", articles.article_new, name="article_new"),
    path("articles/<int:pk>/", articles.article_detail, name="article"),
    path("articles/<int:pk>/progress.json", articles.article_progress, name="article_progress"),
    path("articles/<int:pk>/claims/add/", articles.claim_add, name="claim_add"),
    # Fixing a claim (from the article page or the claim page)
    path("claims/<int:pk>/edit/", articles.claim_edit, name="claim_edit"),
    path("claims/<int:pk>/split/", articles.claim_split, name="claim_split"),
    path("claims/<int:pk>/merge/", articles.claim_merge, name="claim_merge"),
    path("claims/<int:pk>/discard/", articles.claim_discard, name="claim_discard"),
    path("claims/<int:pk>/restore/", articles.claim_restore, name="claim_restore"),
    # Reviewing a claim
    path("claims/<int:pk>/", review.claim_detail, name="claim"),
    path("claims/<int:pk>/assign/", review.claim_assign, name="claim_assign"),
    path("claims/<int:pk>/verdict/", review.verdict_save, name="verdict_save"),
    path("claims/<int:pk>/approve/", review.verdict_approve, name="verdict_approve"),
    path("claims/<int:pk>/send-back/", review.verdict_send_back, name="verdict_send_back"),
]
