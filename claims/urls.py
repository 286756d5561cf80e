from django.urls import path

from .views import articles, dashboard, exports, matching, my_work, public, publish, queue, review

app_name = "claims"

urlpatterns = [
    path("", queue.home, name="home"),
    # Queue and approvals
    path("queue/", queue.queue, name="queue"),
    path("queue/assign/", queue.bulk_assign, name="queue_assign"),
    path("approvals/", queue.approvals, name="approvals"),
    path("dashboard/", dashboard.dashboard, name="dashboard"),
    path("my-work/", my_work.my_work, name="my_work"),
    path("queue/views/", my_work.saved_view_save, name="saved_view_save"),
    path("queue/views/delete/", my_work.saved_view_delete, name="saved_view_delete"),
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
    # Publishing and exports
    path("articles/<int:pk>/publish/", publish.article_publish, name="article_publish"),
    path("claims/<int:pk>/correct/", publish.verdict_correct, name="verdict_correct"),
    path("articles/<int:pk>/export.<str:fmt>", exports.article_export, name="article_export"),
    path("queue/export.<str:fmt>", exports.queue_export, name="queue_export"),
    # Public: no login
    path("reports/<int:pk>/", public.report, name="report"),
    path("reports/archive/<int:pk>/", public.archived_copy, name="archived_copy"),
    path("feeds/claimreview.json", exports.claimreview_feed_view, name="claimreview_feed"),
    # Reviewing a claim
    path("claims/<int:pk>/", review.claim_detail, name="claim"),
    path("claims/<int:pk>/assign/", review.claim_assign, name="claim_assign"),
    path("claims/<int:pk>/verdict/", review.verdict_save, name="verdict_save"),
    path("claims/<int:pk>/approve/", review.verdict_approve, name="verdict_approve"),
    path("claims/<int:pk>/send-back/", review.verdict_send_back, name="verdict_send_back"),
    # The matcher's proposals
    path("claims/<int:pk>/matches/mark/", matching.match_mark, name="match_mark"),
    path("claims/<int:pk>/link/<int:earlier>/", matching.claim_link, name="claim_link"),
    path("claims/<int:pk>/unlink/", matching.claim_unlink, name="claim_unlink"),
]
