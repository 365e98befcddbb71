"""Demo pages: the default site, its home page, the portal's settings and a few standard pages.

Every `ensure_*` function is idempotent: it finds what exists (a page by its slug under its parent)
and creates only what is missing. Existing pages are never rewritten, so an editor's changes
survive a second `setup_demo`.
"""

import io
import json
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.core.files.images import ImageFile
from django.utils import timezone
from django.utils.formats import date_format
from PIL import Image as PILImage
from PIL import ImageDraw, ImageFont
from wagtail.images import get_image_model
from wagtail.models import Page, Site

from civic.territories.settings import CivicSettings
from demo.news import (
    ensure_contact_page,
    ensure_mobility_section,
    ensure_news,
    index_pages_now,
)
from portal.models import HomePage, PortalSettings, StandardPage
from portal.theme import DEFAULT_THEME, THEMES

DEMO_HOSTNAME = "127.0.0.1"
DEMO_PORT = 8000
HOME_TITLE = "Accueil"
HOME_SLUG = "accueil"
WAGTAIL_WELCOME_SLUG = "home"


# Raw StreamField blocks (the JSON form stored in the database).


def heading(text, level="h2"):
    return {"type": "heading", "value": {"text": text, "level": level}}


def paragraph(html):
    return {"type": "paragraph", "value": html}


def quote(text, author="", role=""):
    return {"type": "quote", "value": {"text": text, "author": author, "role": role}}


def call_to_action(title, button_label, *, page=None, url="", text=""):
    return {
        "type": "call_to_action",
        "value": {
            "title": title,
            "text": text,
            "page": page.pk if page is not None else None,
            "url": url,
            "button_label": button_label,
        },
    }


def page_link(page, text):
    """An internal link in rich text, stored by page id so it survives a change of slug."""
    return f'<a linktype="page" id="{page.pk}">{text}</a>'


def stream(*blocks):
    return json.dumps(list(blocks))


@dataclass
class DemoReport:
    """What a run did, for the command to print."""

    created: list = field(default_factory=list)
    existing: list = field(default_factory=list)
    warnings: list = field(default_factory=list)

    def record(self, label, created):
        (self.created if created else self.existing).append(label)


# Site and home page.


def ensure_home_page(report):
    """The single HomePage, created under the root when missing."""
    home = HomePage.objects.first()
    if home is not None:
        report.record(f"page « {home.title} »", created=False)
        return home
    root = Page.get_first_root_node()
    home = root.add_child(instance=HomePage(title=HOME_TITLE, slug=_free_slug(root, HOME_SLUG)))
    home.save_revision().publish()
    report.record(f"page « {home.title} »", created=True)
    return home


def ensure_default_site(home, site_name, report):
    """The default Site serves the home page, on 127.0.0.1:8000 when setup_demo points it there.

    A site that already serves the home page is left alone, whatever its hostname and port.
    """
    site = Site.objects.filter(is_default_site=True).first()
    if site is not None and site.root_page_id == home.pk:
        report.record(f"site {site.root_url}", created=False)
        return site
    site = site or Site(is_default_site=True)
    site.hostname = DEMO_HOSTNAME
    site.port = DEMO_PORT
    site.root_page = home
    site.site_name = site.site_name or site_name
    site.save()
    report.record(f"site {site.root_url}", created=True)
    return site


def remove_wagtail_welcome_page(report):
    """Delete Wagtail's « Welcome to your new Wagtail site! » page once no site uses it."""
    base_page_type = ContentType.objects.get_for_model(Page)
    for welcome in Page.objects.filter(
        depth=2, slug=WAGTAIL_WELCOME_SLUG, content_type=base_page_type
    ):
        if welcome.numchild == 0 and not Site.objects.filter(root_page=welcome).exists():
            welcome.delete()
            report.record("suppression de la page d'accueil par défaut de Wagtail", created=True)


def _free_slug(parent, slug):
    taken = set(parent.get_children().values_list("slug", flat=True))
    candidate, number = slug, 1
    while candidate in taken:
        number += 1
        candidate = f"{slug}-{number}"
    return candidate


# Standard pages.


def ensure_standard_page(parent, report, *, slug, title, introduction, body, show_in_menus):
    page = parent.get_children().filter(slug=slug).specific().first()
    if page is not None:
        report.record(f"page « {page.title} »", created=False)
        return page
    page = parent.add_child(
        instance=StandardPage(
            title=title,
            slug=slug,
            introduction=introduction,
            body=stream(*body),
            show_in_menus=show_in_menus,
        )
    )
    page.save_revision().publish()
    report.record(f"page « {title} »", created=True)
    return page


def ensure_portal_settings(site, authority, territory, pages, report):
    """Fill the portal's settings, leaving alone every value an administrator already set."""
    portal_settings = PortalSettings.for_site(site)
    defaults = {
        "address": authority.address,
        "phone": authority.phone,
        "email": authority.email,
        "dpo_contact": authority.dpo_contact,
    }
    changed = []
    if portal_settings.theme == DEFAULT_THEME and authority.theme != DEFAULT_THEME:
        portal_settings.theme = authority.theme
        changed.append("theme")
    if portal_settings.logo_id is None:
        portal_settings.logo = demo_logo(authority)
        changed.append("logo")
    for name, value in defaults.items():
        if not getattr(portal_settings, name) and value:
            setattr(portal_settings, name, value)
            changed.append(name)
    if portal_settings.accessibility_page_id is None and pages.get("accessibility") is not None:
        portal_settings.accessibility_page = pages["accessibility"]
        # The demo's own audit: three criteria in four respected, « partiellement conforme ».
        portal_settings.accessibility_rate = 75
        changed.extend(["accessibility_page", "accessibility_rate"])
    for name, key in (("legal_notice_page", "legal"), ("privacy_page", "privacy")):
        if getattr(portal_settings, f"{name}_id") is None and pages.get(key) is not None:
            setattr(portal_settings, name, pages[key])
            changed.append(name)
    if portal_settings.accessibility_audit_date is None and pages.get("accessibility"):
        portal_settings.accessibility_audit_date = timezone.localdate()
        changed.append("accessibility_audit_date")
    if not portal_settings.accessibility_contact and authority.email:
        portal_settings.accessibility_contact = authority.email
        changed.append("accessibility_contact")
    if changed:
        portal_settings.save(update_fields=changed)
    report.record("réglages du portail", created=bool(changed))
    ensure_civic_settings(site, authority, territory, pages, report)
    return portal_settings


def demo_logo(authority):
    """A square logo in the theme's colour with the area's initials, drawn for the demo."""
    primary = THEMES[authority.theme].primary
    image = PILImage.new("RGB", (256, 256), primary)
    draw = ImageDraw.Draw(image)
    initials = "".join(word[0] for word in authority.area.replace("l'", "").split()[:2]).upper()
    font = ImageFont.load_default(size=120)
    draw.text((128, 128), initials or "P", fill="#ffffff", font=font, anchor="mm")
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return get_image_model().objects.create(
        title=f"Logo — {authority.name}",
        file=ImageFile(io.BytesIO(buffer.getvalue()), name="logo-demo.png"),
    )


def ensure_civic_settings(site, authority, territory, pages, report):
    """The council's name, the participation's territory and charter, leaving alone what an
    administrator set."""
    civic_settings = CivicSettings.for_site(site)
    default_name = CivicSettings._meta.get_field("authority_name").default
    changed = []
    if civic_settings.authority_name in ("", default_name) and authority.name != default_name:
        civic_settings.authority_name = authority.name
        changed.append("authority_name")
    if civic_settings.territory_id is None and territory is not None:
        civic_settings.territory = territory
        changed.append("territory")
    if civic_settings.charter_page_id is None and pages.get("charter") is not None:
        civic_settings.charter_page = pages["charter"]
        changed.append("charter_page")
    if changed:
        civic_settings.save(update_fields=changed)
    report.record("réglages de la participation", created=bool(changed))


def build_demo_pages(home, authority, report, territory=None):
    """The standard pages of the demo, then the home page's content that links to them."""
    about = ensure_standard_page(home, report, show_in_menus=True, **about_page(authority))
    ensure_standard_page(about, report, show_in_menus=False, **faq_page(authority))
    charter = ensure_standard_page(home, report, show_in_menus=True, **charter_page(authority))
    legal = ensure_standard_page(home, report, show_in_menus=False, **legal_notice_page(authority))
    privacy = ensure_standard_page(home, report, show_in_menus=False, **privacy_page(authority))
    accessibility = ensure_standard_page(
        home, report, show_in_menus=False, **accessibility_page(authority)
    )
    news_index = ensure_news(home, territory, report)
    ensure_mobility_section(home, report, standard_page=ensure_standard_page)
    ensure_contact_page(home, authority, report)
    if not home.body:
        home.heading = f"Le dialogue citoyen {authority.area_of}, ouvert à toutes et à tous"
        home.introduction = (
            f"Parvis est le portail de dialogue {authority.of_name} : un lieu pour s'informer, "
            f"débattre et agir ensemble, {authority.places}."
        )
        home.body = stream(*home_body(authority, about, charter, privacy, news_index=news_index))
        home.save_revision().publish()
        report.record("contenu de la page d'accueil", created=True)
    index_pages_now()
    return {
        "about": about,
        "charter": charter,
        "accessibility": accessibility,
        "legal": legal,
        "privacy": privacy,
    }


# The content itself. Plain French text, written for residents rather than for lawyers.


def network_blocks(news_index):
    """The home page's windows on the news and the network, the visitor's commune first."""
    return [
        {
            "type": "news",
            "value": {"title": "Actualités", "count": 4, "index_page": news_index.pk},
        },
        {"type": "nearby_groups", "value": {"title": "Groupes près de chez vous", "count": 4}},
        {"type": "open_consultations", "value": {"title": "Consultations en cours", "count": 3}},
        {"type": "latest_discussions", "value": {"title": "Dernières discussions", "count": 5}},
    ]


def home_body(authority, about, charter, privacy, news_index=None):
    return [
        *(network_blocks(news_index) if news_index is not None else []),
        heading("Ce que le portail vous propose"),
        paragraph(
            "<ul>"
            "<li><b>Lire librement.</b> Les échanges, les projets et l'agenda sont ouverts à "
            "toutes et à tous, sans compte et sans publicité.</li>"
            "<li><b>Participer sous votre vrai nom.</b> Pour publier, commenter ou proposer un "
            "rendez-vous, vous créez un compte à votre nom : on se parle mieux quand on sait à "
            "qui l'on s'adresse.</li>"
            "<li><b>Des groupes par territoire.</b> Votre commune, votre intercommunalité, votre "
            "quartier : chaque territoire a son espace, et vous suivez ceux qui vous "
            "concernent.</li>"
            "<li><b>Un agenda commun.</b> Réunions publiques, conseils municipaux, permanences, "
            "fêtes associatives : un seul agenda, que chacun peut filtrer près de chez lui.</li>"
            "</ul>"
        ),
        {
            "type": "upcoming_events",
            "value": {
                "title": "Prochains événements",
                "count": 6,
                "category": None,
                "territory": "",
            },
        },
        heading("Pour qui ?"),
        heading("Habitantes et habitants", "h3"),
        paragraph(
            "<p>Vous voulez savoir ce qui se prépare dans votre commune, poser une question sur "
            "un projet de voirie ou proposer une idée pour le parc de votre quartier ? Le portail "
            "vous met en relation avec les personnes concernées, élus et services compris.</p>"
        ),
        heading("Associations", "h3"),
        paragraph(
            "<p>Présentez vos activités, annoncez vos événements dans l'agenda commun et "
            "retrouvez les autres associations de votre territoire. Un compte peut représenter "
            "votre association, sous la responsabilité d'une personne nommée.</p>"
        ),
        heading("Élues et élus", "h3"),
        paragraph(
            "<p>Rendez compte de vos projets, consultez les habitants avant de décider et "
            "répondez publiquement aux questions. Les échanges restent lisibles par tous, ce qui "
            "évite de répéter dix fois la même réponse.</p>"
        ),
        quote(
            "Un parvis, c'est l'espace devant la mairie où l'on se retrouve et où l'on se parle "
            "avant d'entrer. Ce portail voudrait en être l'équivalent en ligne : ouvert à tous, "
            "à l'échelle de nos communes.",
            author="L'équipe du portail",
            role="note d'intention",
        ),
        paragraph(
            "<p>Le portail ne dépose aucun traceur publicitaire ni de mesure d'audience. "
            f"Pour en savoir plus, lisez la page {page_link(privacy, 'Données personnelles')} "
            f"ou découvrez {page_link(about, 'qui fait vivre le portail')}.</p>"
        ),
        call_to_action(
            "Avant de participer",
            "Lire la charte de participation",
            page=charter,
            text=(
                "Quelques règles simples rendent le dialogue possible : votre vrai nom, le "
                "respect des personnes et une modération qui s'explique toujours."
            ),
        ),
    ]


def about_page(authority):
    return {
        "slug": "a-propos",
        "title": "À propos du portail",
        "introduction": (
            f"Parvis est un espace public de dialogue entre les habitants, les associations et "
            f"les élus {authority.area_of}. Il complète les réunions publiques, il ne les "
            "remplace pas."
        ),
        "body": [
            heading("Pourquoi ce portail ?"),
            paragraph(
                "<p>Les décisions locales, un plan de circulation, la rénovation d'une école, "
                "le calendrier des travaux, se préparent souvent loin des personnes qu'elles "
                "concernent. Les réunions publiques ont lieu à heure fixe, les réseaux sociaux "
                "mélangent tout et n'appartiennent à personne ici.</p>"
                "<p>Parvis offre un lieu unique, public et modéré, où chacun peut s'informer, "
                "poser des questions et proposer des idées, à l'échelle de sa commune comme du "
                "département.</p>"
            ),
            heading("Comment ça marche ?"),
            paragraph(
                "<ol>"
                "<li>Vous lisez librement, sans compte.</li>"
                "<li>Pour participer, vous créez un compte à votre nom et indiquez votre "
                "commune.</li>"
                "<li>Vous rejoignez les groupes de vos territoires : commune, intercommunalité, "
                "quartier, ou un groupe thématique.</li>"
                "<li>Vous publiez, répondez, proposez des rendez-vous dans l'agenda commun, dans "
                "le respect de la charte de participation.</li>"
                "</ol>"
            ),
            heading("Un logiciel libre"),
            paragraph(
                "<p>Parvis est un logiciel libre, publié sous licence AGPL. Toute collectivité "
                "peut l'installer, l'adapter et contribuer à son amélioration. Il fonctionne sans "
                "service extérieur : aucune police de caractères, aucun script ni aucun traceur "
                "n'est chargé depuis un autre site.</p>"
            ),
        ],
    }


def faq_page(authority):
    return {
        "slug": "questions-frequentes",
        "title": "Questions fréquentes",
        "introduction": "Les réponses aux questions que l'on nous pose le plus souvent.",
        "body": [
            heading("Faut-il un compte pour lire ?"),
            paragraph("<p>Non. Tout ce qui est publié sur le portail se lit sans compte.</p>"),
            heading("Pourquoi participer sous mon vrai nom ?"),
            paragraph(
                "<p>Parce que le portail sert à dialoguer avec vos voisins et vos élus, comme "
                "dans une réunion publique où chacun se présente. Votre adresse électronique, "
                "elle, n'est jamais affichée.</p>"
            ),
            heading("Qui modère les échanges ?"),
            paragraph(
                f"<p>Une équipe de modération {authority.of_name}. Quand un message est masqué, "
                "la raison est affichée à sa place, et son auteur peut contester la décision.</p>"
            ),
        ],
    }


def charter_page(authority):
    return {
        "slug": "charte-de-participation",
        "title": "Charte de participation",
        "introduction": (
            "Le portail est un espace public. Ces règles permettent à chacun d'y prendre la "
            "parole sans crainte : en créant un compte, vous vous engagez à les respecter."
        ),
        "body": [
            heading("1. Participer sous son identité réelle"),
            paragraph(
                "<p>Vous publiez sous vos vrais prénom et nom. Les pseudonymes et les comptes "
                "au nom d'autrui ne sont pas admis. Une association ou un collectif peut avoir "
                "un compte, sous la responsabilité d'une personne nommée. La lecture, elle, "
                "reste libre et anonyme.</p>"
            ),
            heading("2. Respecter les personnes"),
            paragraph(
                "<p>On peut critiquer une idée, un projet, une décision ; on ne s'en prend pas "
                "aux personnes. Sont interdits les insultes, les menaces, le harcèlement et tout "
                "propos discriminatoire, notamment en raison de l'origine, du sexe, de "
                "l'orientation sexuelle, de la religion, du handicap ou de l'état de santé.</p>"
            ),
            heading("3. Protéger les données des autres"),
            paragraph(
                "<p>Ne publiez pas d'informations personnelles sur une autre personne sans son "
                "accord : adresse, numéro de téléphone, photo, situation familiale ou de santé. "
                "Les élus et les agents s'expriment ici dans leurs fonctions : leur vie privée "
                "reste privée.</p>"
            ),
            heading("4. Rester utile à tous"),
            paragraph(
                "<p>Restez dans le sujet de la discussion et citez vos sources quand vous "
                "avancez un fait. La publicité commerciale et la propagande électorale ne sont "
                "pas admises ; en période électorale, les règles du code électoral "
                "s'appliquent.</p>"
            ),
            heading("5. Une modération qui s'explique"),
            paragraph(
                "<ul>"
                "<li>Tout participant peut signaler un message contraire à la charte.</li>"
                "<li>La modération ne supprime jamais un message en silence : elle le masque et "
                "affiche à sa place la raison, par exemple « Message masqué : propos "
                "injurieux ».</li>"
                "<li>L'auteur est prévenu et peut contester la décision ; un autre modérateur "
                "réexamine alors le message.</li>"
                "<li>Seul un contenu manifestement illégal est retiré et, si la loi l'impose, "
                "signalé aux autorités. Ce retrait est lui aussi indiqué publiquement.</li>"
                "</ul>"
            ),
            quote(
                "Masquer avec une raison visible plutôt que supprimer en silence : chacun sait "
                "ce qui est admis, et personne ne peut soupçonner une censure cachée.",
                author="Principe de modération du portail",
            ),
            heading("6. En cas de manquement"),
            paragraph(
                "<p>Après des manquements répétés ou graves, un compte peut être suspendu. La "
                "décision est motivée et communiquée à la personne concernée, qui peut la "
                f'contester en écrivant à <a href="mailto:{authority.email}">'
                f"{authority.email}</a>.</p>"
            ),
        ],
    }


def legal_notice_page(authority):
    address = f", {authority.address}" if authority.address else ""
    return {
        "slug": "mentions-legales",
        "title": "Mentions légales",
        "introduction": "Qui publie ce portail, qui l'héberge et sous quelles conditions.",
        "body": [
            paragraph(
                "<p><i>Texte de démonstration, à adapter par la collectivité avant la mise en "
                "ligne.</i></p>"
            ),
            heading("Éditeur"),
            paragraph(
                f"<p>{authority.name}{address}. Téléphone : {authority.phone}. "
                f'Courriel : <a href="mailto:{authority.email}">{authority.email}</a>.</p>'
                "<p>Directeur de la publication : le président ou la présidente de la "
                "collectivité.</p>"
            ),
            heading("Hébergement"),
            paragraph(
                "<p>Nom, adresse et téléphone de l'hébergeur : à compléter lors de la mise en "
                "production.</p>"
            ),
            heading("Contenus publiés par les participants"),
            paragraph(
                "<p>Chaque participant est responsable de ce qu'il publie, dans le respect de la "
                "charte de participation. La collectivité assure la modération et retire tout "
                "contenu manifestement illicite dès qu'elle en a connaissance.</p>"
            ),
            heading("Logiciel et réutilisation"),
            paragraph(
                "<p>Le portail repose sur Parvis, logiciel libre publié sous licence GNU AGPL "
                "version 3 ou ultérieure. Les textes éditoriaux de la collectivité peuvent être "
                "cités en mentionnant leur source.</p>"
            ),
        ],
    }


def privacy_page(authority):
    return {
        "slug": "donnees-personnelles",
        "title": "Données personnelles",
        "introduction": (
            "Ce que le portail enregistre à votre sujet, pourquoi, pour combien de temps, et "
            "comment exercer vos droits."
        ),
        "body": [
            paragraph(
                "<p><i>Texte de démonstration, à adapter par la collectivité avant la mise en "
                "ligne.</i></p>"
            ),
            heading("Responsable du traitement"),
            paragraph(
                f"<p>{authority.name}. Le traitement est nécessaire à une mission d'intérêt "
                "public : l'information et la participation des habitants à la vie locale "
                "(article 6.1.e du règlement général sur la protection des données).</p>"
            ),
            heading("Ce qui est enregistré"),
            paragraph(
                "<ul>"
                "<li>Si vous lisez seulement : rien d'autre que les journaux techniques du "
                "serveur (adresse IP, page demandée, date), conservés un an.</li>"
                "<li>Si vous créez un compte : vos prénom et nom, votre adresse électronique, "
                "votre commune et, si vous le souhaitez, une courte présentation.</li>"
                "<li>Ce que vous publiez : messages, commentaires, événements proposés.</li>"
                "<li>Si vous utilisez FranceConnect : l'identifiant que FranceConnect attribue "
                "au portail pour vous, vos prénom et nom tels que l'État les connaît, votre "
                "adresse électronique et la date de la certification. Votre date de naissance "
                "est demandée par FranceConnect pour vérifier votre identité ; le portail ne "
                "la conserve pas. Vous pouvez délier FranceConnect depuis « Mon compte ».</li>"
                "</ul>"
                "<p>Votre adresse électronique n'est jamais affichée ni transmise à des tiers. "
                "Aucune donnée n'est vendue, ni utilisée à des fins commerciales ou "
                "électorales.</p>"
            ),
            heading("Propositions et pétitions"),
            paragraph(
                "<p>Soutenir une proposition enregistre votre soutien et votre commune de "
                "résidence : le public ne voit que le nombre de soutiens par commune. Signer une "
                "pétition (article L1112-16 du code général des collectivités territoriales) "
                "enregistre votre nom, vos prénoms, votre date de naissance et votre commune "
                "d'inscription sur la liste électorale ; ils ne sont jamais publiés et servent "
                "aux services de la collectivité à vérifier les signatures sur les listes "
                "électorales. Si vous supprimez votre compte, vos soutiens et vos signatures des "
                "pétitions en cours sont effacés ; les signatures d'une pétition déjà adressée "
                "au maire ou au président sont conservées, comme la loi l'exige, le temps de "
                "leur vérification.</p>"
            ),
            heading("Aucun traceur"),
            paragraph(
                "<p>Le portail ne dépose aucun cookie publicitaire ni de mesure d'audience et "
                "ne charge aucun contenu depuis un autre site. Seuls des cookies strictement "
                "nécessaires sont utilisés : la session, quand vous êtes connecté, et la "
                "protection des formulaires. Ils ne demandent pas votre consentement.</p>"
            ),
            heading("Durées de conservation"),
            paragraph(
                "<p>Votre compte est conservé tant que vous l'utilisez ; après trois ans sans "
                "connexion, vous êtes prévenu puis il est supprimé. Si vous supprimez votre "
                "compte, vos contributions publiques restent lisibles sous la mention « ancien "
                "participant », afin que les discussions gardent leur sens.</p>"
            ),
            heading("Vos droits"),
            paragraph(
                "<p>Vous pouvez accéder à vos données, les rectifier, les effacer, en limiter "
                "l'usage ou vous opposer à leur traitement (articles 15 à 21 du RGPD). Écrivez "
                "au délégué à la protection des données : "
                f'<a href="mailto:{authority.dpo_contact}">{authority.dpo_contact}</a>.</p>'
                "<p>Si vous estimez que vos droits ne sont pas respectés, vous pouvez adresser "
                "une réclamation à la CNIL, 3 place de Fontenoy, TSA 80715, 75334 Paris "
                'Cedex 07, ou sur <a href="https://www.cnil.fr/">www.cnil.fr</a>.</p>'
            ),
        ],
    }


def accessibility_page(authority):
    today = date_format(timezone.localdate(), "j F Y")
    return {
        "slug": "accessibilite",
        "title": "Accessibilité",
        "introduction": (
            "Déclaration d'accessibilité du portail : son état de conformité au référentiel "
            "général d'amélioration de l'accessibilité (RGAA) et vos recours."
        ),
        "body": [
            paragraph(
                "<p><i>Texte de démonstration, à adapter par la collectivité après son audit "
                "d'accessibilité.</i></p>"
                f"<p>{authority.name} s'engage à rendre ses services en ligne accessibles, "
                "conformément à l'article 47 de la loi n° 2005-102 du 11 février 2005. Cette "
                "déclaration s'applique au présent portail.</p>"
            ),
            heading("État de conformité"),
            paragraph(
                "<p>Le portail est <b>partiellement conforme</b> avec le RGAA version 4.1.2, en "
                "raison des non-conformités et des dérogations énumérées ci-dessous.</p>"
            ),
            heading("Résultats des tests"),
            paragraph(
                "<p>Le portail a été conçu dès le départ pour l'accessibilité : structure de "
                "titres, lien d'évitement, zones de navigation nommées, contrastes suffisants, "
                "navigation complète au clavier, aucun contenu qui dépende de JavaScript. "
                "L'audit complet sera publié ici avec le taux de conformité obtenu.</p>"
            ),
            heading("Contenus non accessibles"),
            paragraph(
                "<ul>"
                "<li>Certaines images publiées par les participants peuvent ne pas avoir "
                "d'alternative textuelle pertinente.</li>"
                "<li>Des documents bureautiques déposés avant la mise en ligne du portail ne "
                "sont pas tous accessibles ; ils peuvent être obtenus sous une autre forme sur "
                "demande.</li>"
                "</ul>"
            ),
            heading("Établissement de cette déclaration"),
            paragraph(
                f"<p>Cette déclaration a été établie le {today}.</p>"
                "<p>Technologies utilisées : HTML et CSS, sans JavaScript. Vérifications prévues "
                "avec NVDA et Firefox, VoiceOver et Safari, ainsi qu'avec un zoom du texte à "
                "200 %.</p>"
            ),
            heading("Retour d'information et contact"),
            paragraph(
                "<p>Si vous n'arrivez pas à accéder à un contenu ou à un service, contactez-nous "
                "pour être orienté vers une alternative accessible ou obtenir le contenu sous "
                f'une autre forme : <a href="mailto:{authority.email}">{authority.email}</a>'
                + (
                    f", ou par courrier : {authority.name}, {authority.address}."
                    if authority.address
                    else "."
                )
                + "</p>"
            ),
            heading("Voies de recours"),
            paragraph(
                "<p>Si vous avez signalé un défaut d'accessibilité qui vous empêche d'accéder à "
                "un contenu ou à un service du portail, et que vous n'avez pas obtenu de réponse "
                "satisfaisante, vous pouvez :</p>"
                "<ul>"
                '<li>écrire un message au <a href="https://formulaire.defenseurdesdroits.fr/">'
                "Défenseur des droits</a> ;</li>"
                '<li>contacter <a href="https://www.defenseurdesdroits.fr/saisir/delegues">le '
                "délégué du Défenseur des droits dans votre région</a> ;</li>"
                "<li>envoyer un courrier par la poste, gratuitement, sans timbre : Défenseur "
                "des droits, Libre réponse 71120, 75342 Paris Cedex 07.</li>"
                "</ul>"
            ),
        ],
    }
