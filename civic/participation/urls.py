from django.urls import path

import civic.common.converters  # noqa: F401  (registers <id:…>)
from civic.participation.views import hub, petitions, proposals

app_name = "participation"
urlpatterns = [
    path("participer/", hub.participate, name="participate"),
    path("propositions/", proposals.proposal_list, name="proposals"),
    path("propositions/nouvelle/", proposals.proposal_create, name="proposal_create"),
    path("propositions/seuils/", proposals.thresholds, name="thresholds"),
    path("propositions/<id:pk>/", proposals.proposal_detail, name="proposal"),
    path("propositions/<id:pk>/soutenir/", proposals.proposal_support, name="proposal_support"),
    path("propositions/<id:pk>/retirer/", proposals.proposal_withdraw, name="proposal_withdraw"),
    path("propositions/<id:pk>/suivre/", proposals.proposal_follow, name="proposal_follow"),
    path("propositions/<id:pk>/suivi/", proposals.proposal_update, name="proposal_update"),
    path("propositions/<id:pk>/commenter/", proposals.proposal_comment, name="proposal_comment"),
    path("propositions/<id:pk>/signaler/", proposals.report, name="proposal_report"),
    path("propositions/<id:pk>/masquer/", proposals.moderate, name="proposal_hide"),
    path(
        "propositions/<id:pk>/retablir/",
        proposals.moderate,
        {"action": "restore"},
        name="proposal_restore",
    ),
    path(
        "propositions/commentaires/<id:pk>/signaler/",
        proposals.report,
        {"what": "comment"},
        name="comment_report",
    ),
    path(
        "propositions/commentaires/<id:pk>/masquer/",
        proposals.moderate,
        {"what": "comment"},
        name="comment_hide",
    ),
    path(
        "propositions/commentaires/<id:pk>/retablir/",
        proposals.moderate,
        {"what": "comment", "action": "restore"},
        name="comment_restore",
    ),
    path("petitions/", petitions.petition_list, name="petitions"),
    path("petitions/nouvelle/", petitions.petition_create, name="petition_create"),
    path("petitions/electeurs-inscrits/", petitions.electorates, name="electorates"),
    path("petitions/<id:pk>/", petitions.petition_detail, name="petition"),
    path("petitions/<id:pk>/signer/", petitions.petition_sign, name="petition_sign"),
    path("petitions/<id:pk>/papier/", petitions.petition_paper, name="petition_paper"),
    path("petitions/<id:pk>/suivi/", petitions.petition_follow_up, name="petition_follow_up"),
    path("petitions/<id:pk>/demande.pdf", petitions.petition_pdf, name="petition_pdf"),
    path(
        "petitions/<id:pk>/signatures.csv",
        petitions.petition_signatures,
        name="petition_signatures",
    ),
    path("petitions/<id:pk>/signaler/", petitions.petition_report, name="petition_report"),
    path(
        "petitions/<id:pk>/masquer/",
        proposals.moderate,
        {"what": "petition"},
        name="petition_hide",
    ),
    path(
        "petitions/<id:pk>/retablir/",
        proposals.moderate,
        {"what": "petition", "action": "restore"},
        name="petition_restore",
    ),
]
