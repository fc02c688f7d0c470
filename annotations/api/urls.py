from django.http import HttpRequest, HttpResponse, HttpResponsePermanentRedirect, JsonResponse
from django.urls import Resolver404, path, re_path, resolve
from django.views.decorators.csrf import csrf_exempt
from drf_spectacular.views import SpectacularAPIView

from annotations.api.docs import SwaggerDocs
from annotations.api.views import (
    articles,
    assignments,
    claims,
    evidence,
    exports,
    projects,
    publications,
    sources,
    tokens,
)

app_name = "api"


@csrf_exempt  # it changes nothing; otherwise a POST with a cookie would get the HTML CSRF page
def not_found(request: HttpRequest) -> HttpResponse:
    """Unknown paths under /api/v1/ (including ids that are not numbers) answer JSON, not the
    site's HTML 404 page. Being a match for everything, it also does APPEND_SLASH's job for
    reads (/api/v1/docs -> /api/v1/docs/)."""
    if request.method in ("GET", "HEAD") and not request.path.endswith("/"):
        try:
            match = resolve(request.path + "/")
        except Resolver404:
            match = None
        if match is not None and match.func is not not_found:
            return HttpResponsePermanentRedirect(request.get_full_path(force_append_slash=True))
    return JsonResponse({"detail": "Not found."}, status=404)


urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    # The split view serves its init script from a URL instead of inline: our CSP has no 'unsafe-inline'.
    path("docs/", SwaggerDocs.as_view(url_name="api:schema"), name="docs"),
    path("tokens/", tokens.TokenListCreate.as_view(), name="tokens"),
    path("tokens/<int:token_id>/", tokens.TokenRevoke.as_view(), name="token"),
    path("projects/", projects.ProjectListCreate.as_view(), name="projects"),
    path("projects/<slug:slug>/", projects.ProjectDetail.as_view(), name="project"),
    path(
        "projects/<slug:slug>/split-status/",
        projects.ProjectSplitStatus.as_view(),
        name="project-split-status",
    ),
    path("projects/<slug:slug>/guidelines/", projects.ProjectGuidelines.as_view(), name="guidelines"),
    path("projects/<slug:slug>/members/", projects.MemberListCreate.as_view(), name="members"),
    path("projects/<slug:slug>/members/<str:username>/", projects.MemberDetail.as_view(), name="member"),
    path("projects/<slug:slug>/invitations/", projects.InvitationList.as_view(), name="invitations"),
    path(
        "projects/<slug:slug>/invitations/<int:invitation_id>/",
        projects.InvitationWithdraw.as_view(),
        name="invitation",
    ),
    path("invitations/", projects.MyInvitations.as_view(), name="my-invitations"),
    path(
        "invitations/<int:invitation_id>/accept/",
        projects.InvitationAccept.as_view(),
        name="invitation-accept",
    ),
    path(
        "invitations/<int:invitation_id>/decline/",
        projects.InvitationDecline.as_view(),
        name="invitation-decline",
    ),
    path("projects/<slug:slug>/articles/", articles.ArticleListCreate.as_view(), name="articles"),
    path("projects/<slug:slug>/articles/bulk/", articles.ArticleBulkCreate.as_view(), name="articles-bulk"),
    path("projects/<slug:slug>/claims/", claims.ClaimList.as_view(), name="claims"),
    path("projects/<slug:slug>/claims/bulk/", assignments.ClaimBulk.as_view(), name="claims-bulk"),
    path("projects/<slug:slug>/assignments/", assignments.AssignmentListCreate.as_view(), name="assignments"),
    path(
        "projects/<slug:slug>/assignments/remove/",
        assignments.AssignmentRemove.as_view(),
        name="assignments-remove",
    ),
    path("projects/<slug:slug>/progress/", assignments.ProjectProgress.as_view(), name="progress"),
    path("projects/<slug:slug>/sources/", sources.SourceListCreate.as_view(), name="sources"),
    path("projects/<slug:slug>/exports/", exports.ExportListCreate.as_view(), name="exports"),
    path("projects/<slug:slug>/exports/<int:job_id>/", exports.ExportDetail.as_view(), name="export"),
    path(
        "projects/<slug:slug>/exports/<int:job_id>/download/",
        exports.ExportDownload.as_view(),
        name="export-download",
    ),
    path(
        "projects/<slug:slug>/published-reports/",
        publications.PublishedReportListCreate.as_view(),
        name="published-reports",
    ),
    path(
        "projects/<slug:slug>/published-reports/<int:report_id>/",
        publications.PublishedReportDetail.as_view(),
        name="published-report",
    ),
    path("articles/<int:article_id>/", articles.ArticleDetail.as_view(), name="article"),
    path("articles/<int:article_id>/status/", articles.ArticleStatus.as_view(), name="article-status"),
    path("articles/<int:article_id>/resplit/", articles.ArticleResplit.as_view(), name="article-resplit"),
    path("articles/<int:article_id>/claims/", articles.ArticleClaims.as_view(), name="article-claims"),
    path("claims/merge/", claims.ClaimMerge.as_view(), name="claims-merge"),
    path("claims/<int:claim_id>/", claims.ClaimDetail.as_view(), name="claim"),
    path("claims/<int:claim_id>/split/", claims.ClaimSplit.as_view(), name="claim-split"),
    path("claims/<int:claim_id>/approve/", claims.ClaimApprove.as_view(), name="claim-approve"),
    path("claims/<int:claim_id>/annotations/", claims.ClaimAnnotations.as_view(), name="claim-annotations"),
    path("claims/<int:claim_id>/annotation/", claims.MyAnnotation.as_view(), name="my-annotation"),
    path(
        "claims/<int:claim_id>/publication/",
        publications.ClaimPublication.as_view(),
        name="claim-publication",
    ),
    path("claims/<int:claim_id>/evidence/", evidence.ClaimEvidence.as_view(), name="claim-evidence"),
    path("evidence/<int:evidence_id>/", evidence.EvidenceDetail.as_view(), name="evidence"),
    path(
        "evidence/<int:evidence_id>/recapture/",
        evidence.EvidenceRecapture.as_view(),
        name="evidence-recapture",
    ),
    path("evidence/<int:evidence_id>/capture/", evidence.EvidenceCapture.as_view(), name="evidence-capture"),
    path("sources/<int:source_id>/", sources.SourceDetail.as_view(), name="source"),
    re_path(r"", not_found),
]
