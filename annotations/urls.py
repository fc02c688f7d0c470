from django.urls import path

from annotations import views

app_name = "annotations"

urlpatterns = [
    path("", views.project_list, name="project-list"),
    path("healthz", views.healthz, name="healthz"),
    path("p/<slug:slug>/", views.project_detail, name="project-detail"),
    path("articles/<int:article_id>/", views.article_detail, name="article-detail"),
]
