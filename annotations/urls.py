from django.urls import path

from annotations import evidence_views, export_views, publish_views, views

app_name = "annotations"

urlpatterns = [
    path("", views.project_list, name="project-list"),
    path("healthz", views.healthz, name="healthz"),
    path("account/", views.account, name="account"),
    path("account/tokens/", views.account_tokens, name="account-tokens"),
    path("join/<str:token>/", views.invitation_join_view, name="invitation-join"),
    path("p/<slug:slug>/", views.project_detail, name="project-detail"),
    path("p/<slug:slug>/members/", views.project_members, name="project-members"),
    path(
        "invitations/<int:invitation_id>/<str:answer>/",
        views.invitation_answer,
        name="invitation-answer",
    ),
    path("p/<slug:slug>/settings/", views.project_settings, name="project-settings"),
    path("p/<slug:slug>/guidelines/", views.project_guidelines, name="project-guidelines"),
    path("p/<slug:slug>/import/", views.project_import, name="project-import"),
    path("p/<slug:slug>/import/status/", views.import_status, name="import-status"),
    path("p/<slug:slug>/queue/", views.review_queue, name="review-queue"),
    path("p/<slug:slug>/queue/bulk/", views.queue_bulk, name="queue-bulk"),
    path("p/<slug:slug>/exports/", export_views.project_exports, name="project-exports"),
    path("p/<slug:slug>/exports/jobs/", export_views.export_jobs, name="export-jobs"),
    path(
        "p/<slug:slug>/exports/<int:job_id>/download/", export_views.export_download, name="export-download"
    ),
    path("p/<slug:slug>/published/", publish_views.published_reports, name="published-reports"),
    path("p/<slug:slug>/published/new/", publish_views.published_report_new, name="published-report-new"),
    path(
        "p/<slug:slug>/published/<int:report_id>/",
        publish_views.published_report_edit,
        name="published-report-edit",
    ),
    path(
        "p/<slug:slug>/published/<int:report_id>/republish/",
        publish_views.published_report_republish,
        name="published-report-republish",
    ),
    path(
        "p/<slug:slug>/published/<int:report_id>/unpublish/",
        publish_views.published_report_unpublish,
        name="published-report-unpublish",
    ),
    path("p/<slug:slug>/sources/options/", views.source_options, name="source-options"),
    path("articles/<int:article_id>/", views.article_detail, name="article-detail"),
    path("articles/<int:article_id>/claims/", views.claim_create, name="claim-create"),
    path("articles/<int:article_id>/resplit/", views.article_resplit, name="article-resplit"),
    path("claims/<int:claim_id>/panel/", views.claim_panel, name="claim-panel"),
    path("claims/<int:claim_id>/annotate/", views.claim_annotate, name="claim-annotate"),
    path("claims/<int:claim_id>/edit/", views.claim_edit, name="claim-edit"),
    path("claims/<int:claim_id>/attribution/", views.claim_attribution, name="claim-attribution"),
    path("claims/<int:claim_id>/split/", views.claim_split_view, name="claim-split"),
    path("claims/<int:claim_id>/merge-next/", views.claim_merge_next, name="claim-merge-next"),
    path("claims/<int:claim_id>/delete/", views.claim_delete_view, name="claim-delete"),
    path("claims/<int:claim_id>/resolve/", views.claim_resolve, name="claim-resolve"),
    path("claims/<int:claim_id>/link/", views.claim_link, name="claim-link"),
    path("claims/<int:claim_id>/evidence/", evidence_views.claim_evidence, name="claim-evidence"),
    path("claims/<int:claim_id>/evidence/add/", evidence_views.evidence_add_view, name="evidence-add"),
    path("evidence/<int:evidence_id>/remove/", evidence_views.evidence_remove_view, name="evidence-remove"),
    path(
        "evidence/<int:evidence_id>/recapture/",
        evidence_views.evidence_recapture_view,
        name="evidence-recapture",
    ),
    path("evidence/<int:evidence_id>/capture/", evidence_views.evidence_capture, name="evidence-capture"),
    path("claims/<int:claim_id>/publish/", publish_views.claim_publish_view, name="claim-publish"),
    path("claims/<int:claim_id>/unpublish/", publish_views.claim_unpublish_view, name="claim-unpublish"),
    # Public, no sign-in: the fact checks editors published.
    path("fact-checks/<slug:slug>/", publish_views.published_check, name="published-check"),
    path("fact-checks/from/<slug:project_slug>/", publish_views.published_index, name="published-index"),
    path("fact-checks/reports/<slug:slug>/", publish_views.published_report, name="published-report"),
]
