"""The formal request of a petition (article L1112-16 CGCT), as a PDF addressed to the mayor or
president. Public: it carries the request and its counts, never a signer's name (the list of
signatures is for the council, in its own export)."""

import io
from xml.sax.saxutils import escape

from django.utils import formats, timezone
from django.utils.translation import gettext as _
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import cm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

from civic.participation.models import Petition


def _date(value):
    return formats.date_format(value, "j F Y")


def formal_request_pdf(petition: Petition) -> bytes:
    styles = getSampleStyleSheet()
    body, title = styles["BodyText"], styles["Title"]
    sent = timezone.localtime(petition.sent_at or timezone.now())
    story = [
        Paragraph(escape(petition.addressee or ""), body),
        Spacer(1, 0.6 * cm),
        Paragraph(
            escape(_("Le %(date)s") % {"date": _date(sent)}),
            body,
        ),
        Spacer(1, 0.6 * cm),
        Paragraph(
            escape(_("Demande d'inscription à l'ordre du jour de l'assemblée délibérante")), title
        ),
        Paragraph(
            escape(_("Article L1112-16 du code général des collectivités territoriales")), body
        ),
        Spacer(1, 0.6 * cm),
        Paragraph(
            escape(
                _(
                    "Les électrices et électeurs soussignés, inscrits sur les listes électorales "
                    "de communes de la collectivité (%(collectivity)s), demandent que soit inscrite "
                    "à l'ordre du jour de son assemblée délibérante la demande suivante : %(kind)s."
                )
                % {"collectivity": petition.collectivity.name, "kind": petition.get_kind_display()}
            ),
            body,
        ),
        Spacer(1, 0.4 * cm),
        Paragraph(f"<b>{escape(petition.title)}</b>", body),
    ]
    story += [Paragraph(escape(line), body) for line in petition.body.splitlines() if line.strip()]
    story += [
        Spacer(1, 0.6 * cm),
        Paragraph(
            escape(
                _(
                    "Signatures : %(total)s (%(online)s en ligne, %(paper)s sur listes papier). "
                    "Électeurs inscrits : %(voters)s (liste électorale du %(roll)s) ; seuil légal "
                    "(%(share)s) : %(threshold)s."
                )
                % {
                    "total": petition.signature_count,
                    "online": petition.online_count,
                    "paper": petition.paper_count,
                    "voters": petition.registered_voters,
                    "roll": _date(petition.roll_date),
                    "share": _("un dixième")
                    if petition.collectivity.kind == "commune"
                    else _("un vingtième"),
                    "threshold": petition.threshold,
                }
            ),
            body,
        ),
        Spacer(1, 0.4 * cm),
        Paragraph(
            escape(
                _(
                    "La liste des signataires (nom, prénoms, date de naissance, commune "
                    "d'inscription) est à la disposition des services de la collectivité pour "
                    "vérification sur les listes électorales. Conformément à l'article L1112-16, "
                    "il vous revient d'accuser réception de cette demande et d'en informer "
                    "l'assemblée délibérante à sa première réunion qui suit sa réception ; la "
                    "décision appartient à l'assemblée."
                )
            ),
            body,
        ),
        Spacer(1, 0.4 * cm),
        Paragraph(
            escape(
                _("Adresse publique de la pétition : %(url)s")
                % {"url": petition.get_absolute_url()}
            ),
            body,
        ),
    ]
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        title=petition.title,
        author=petition.collectivity.name,
        lang="fr",
        leftMargin=2.5 * cm,
        rightMargin=2.5 * cm,
    )
    document.build(story)
    return buffer.getvalue()
