from django.urls import path

import civic.common.converters  # noqa: F401  (registers <id:…>)
from civic.dialogue.views import consultations, discussions, groups, near_me, polls
from civic.moderation import views as moderation
from civic.people.views import follows

app_name = "dialogue"
urlpatterns = [
    path("groupes/", groups.group_list, name="groups"),
    path("groupes/nouveau/", groups.group_create, name="group_create"),
    path("groupes/desabonnement/<str:token>/", groups.unsubscribe, name="unsubscribe"),
    path("groupes/<slug:slug>/", groups.group_detail, name="group"),
    path("groupes/<slug:slug>/rejoindre/", groups.group_join, name="group_join"),
    path("groupes/<slug:slug>/quitter/", groups.group_leave, name="group_leave"),
    path("groupes/<slug:slug>/courriels/", groups.group_notifications, name="group_notifications"),
    path("groupes/<slug:slug>/signaler/", discussions.group_report, name="group_report"),
    path("groupes/<slug:slug>/masquer/", moderation.group_hide, name="group_hide"),
    path("groupes/<slug:slug>/retablir/", moderation.group_restore, name="group_restore"),
    path(
        "groupes/<slug:slug>/nouvelle-discussion/",
        discussions.discussion_create,
        name="discussion_create",
    ),
    path(
        "groupes/<slug:slug>/nouvelle-consultation/",
        consultations.consultation_create,
        name="consultation_create",
    ),
    path("groupes/<slug:slug>/animation/", groups.group_animation, name="group_animation"),
    path(
        "groupes/<slug:slug>/animation/signalements/",
        moderation.group_reports,
        name="group_reports",
    ),
    path(
        "groupes/<slug:slug>/animation/membres/<id:pk>/<slug:action>/",
        groups.membership_action,
        name="membership_action",
    ),
    path("discussions/<id:pk>/", discussions.discussion_detail, name="discussion"),
    path("discussions/<id:pk>/repondre/", discussions.discussion_reply, name="reply"),
    path("discussions/<id:pk>/epingler/", groups.discussion_pin, name="discussion_pin"),
    path("discussions/<id:pk>/clore/", polls.consultation_close, name="consultation_close"),
    path("discussions/<id:pk>/rouvrir/", polls.consultation_reopen, name="consultation_reopen"),
    path("discussions/<id:pk>/questionnaire/", polls.poll_answer, name="poll_answer"),
    path("discussions/<id:pk>/questionnaire/modifier/", polls.poll_edit, name="poll_edit"),
    path("discussions/<id:pk>/resultats/", polls.poll_results_page, name="poll_results"),
    path("discussions/<id:pk>/resultats/publier/", polls.results_publish, name="results_publish"),
    path(
        "discussions/<id:pk>/resultats.<str:fmt>",
        polls.poll_export,
        name="poll_export",
    ),
    path(
        "discussions/<id:pk>/reponse-officielle/corriger/",
        polls.answer_correct,
        name="answer_correct",
    ),
    path(
        "discussions/<id:pk>/reponse-officielle/suivi/",
        polls.answer_follow_up,
        name="answer_follow_up",
    ),
    path(
        "discussions/<id:pk>/reponse-officielle/",
        consultations.official_answer,
        name="official_answer",
    ),
    path("messages/<id:pk>/", discussions.post_permalink, name="post"),
    path("messages/<id:pk>/modifier/", discussions.post_edit, name="post_edit"),
    path("messages/<id:pk>/supprimer/", discussions.post_delete, name="post_delete"),
    path("messages/<id:pk>/recommander/", discussions.post_recommend, name="post_recommend"),
    path("messages/<id:pk>/signaler/", discussions.post_report, name="post_report"),
    path("messages/<id:pk>/masquer/", moderation.post_hide, name="post_hide"),
    path("messages/<id:pk>/retablir/", moderation.post_restore, name="post_restore"),
    path("messages/<id:pk>/valider/", moderation.post_approve, name="post_approve"),
    path("messages/<id:pk>/refuser/", moderation.post_reject, name="post_reject"),
    path("signalements/<id:pk>/classer/", moderation.report_dismiss, name="report_dismiss"),
    path("adhesions/<id:pk>/suspendre/", moderation.member_suspend, name="member_suspend"),
    path("adhesions/<id:pk>/retablir/", moderation.member_reinstate, name="member_reinstate"),
    path("profils/<id:pk>/suivre/", follows.follow, name="follow"),
    path("pres-de-chez-moi/", near_me.near_me, name="near_me"),
    path("consultations/", consultations.consultation_list, name="consultations"),
]
