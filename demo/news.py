"""Demo news, a policy-area section and the contact page, written for residents of the Oise.

Like every demo module, idempotent: what exists (by slug under its parent) is left alone.
"""

import datetime
import json

from django.utils import timezone
from wagtail.models import Page
from wagtail.search import index as search_index

from civic.territories.models import Territory
from portal.models import ContactFormField, ContactPage, NewsIndexPage, NewsPage, SectionPage


def _paragraphs(*texts):
    return {"type": "paragraph", "value": "".join(f"<p>{text}</p>" for text in texts)}


# (slug, title, days ago, commune or "departement" or "epci:<commune>" or None, themes,
#  summary, paragraphs)
NEWS = [
    (
        "budget-2026-adopte",
        "Le budget 2026 adopté en séance publique",
        1,
        "departement",
        ["budget", "participation"],
        "Les élus ont voté le budget de l'année : priorité aux collèges, aux routes et à "
        "l'accompagnement des personnes âgées.",
        [
            "Réuni en séance publique, le conseil a adopté le budget de l'année après sept heures "
            "de débat. Les collèges, l'entretien des routes et le maintien à domicile des "
            "personnes âgées en sont les trois priorités.",
            "Le détail des votes et la vidéo de la séance sont consultables sur le portail. Vos "
            "questions sur le budget sont les bienvenues dans le groupe « Finances publiques ».",
        ],
    ),
    (
        "plan-velo-nouvelles-pistes",
        "Plan vélo : de nouvelles pistes cyclables d'ici 2028",
        3,
        "departement",
        ["mobilité", "environnement"],
        "Cent vingt kilomètres d'itinéraires cyclables relieront les gares, les collèges et les "
        "zones d'activité. Le tracé est soumis à votre avis.",
        [
            "Le plan vélo prévoit cent vingt kilomètres de pistes et de voies partagées, en "
            "priorité vers les gares, les collèges et les zones d'activité.",
            "Chaque tronçon fera l'objet d'une réunion publique dans les communes traversées. "
            "Vous pouvez dès maintenant signaler les points dangereux que vous connaissez.",
        ],
    ),
    (
        "creil-passerelle-fermee",
        "Creil : la passerelle piétonne fermée pour travaux jusqu'en juin",
        2,
        "Creil",
        ["travaux", "mobilité"],
        "La passerelle qui enjambe l'Oise est fermée pendant la rénovation de son tablier. Une "
        "navette gratuite relie les deux rives aux heures de pointe.",
        [
            "La passerelle piétonne est fermée le temps de remplacer son tablier et ses "
            "garde-corps. Les travaux doivent s'achever à la fin du mois de juin.",
            "Une navette gratuite relie les deux rives de 6 h 30 à 9 h et de 16 h 30 à 19 h, "
            "du lundi au samedi. Les horaires sont affichés aux arrêts.",
        ],
    ),
    (
        "beauvais-mediatheque-saint-jean",
        "Beauvais : la médiathèque du quartier Saint-Jean ouvre ses portes",
        4,
        "Beauvais",
        ["culture"],
        "Livres, jeux, ateliers numériques et un espace pour les tout-petits : la nouvelle "
        "médiathèque est ouverte six jours sur sept.",
        [
            "Après dix-huit mois de chantier, la médiathèque du quartier Saint-Jean accueille "
            "le public du mardi au dimanche. L'inscription est gratuite pour toutes et tous.",
            "Des ateliers d'aide aux démarches en ligne ont lieu chaque mercredi après-midi, "
            "sans rendez-vous.",
        ],
    ),
    (
        "compiegne-bords-de-l-oise",
        "Compiègne : donnez votre avis sur l'aménagement des bords de l'Oise",
        6,
        "Compiègne",
        ["environnement", "participation"],
        "Promenade, pontons, zones de fraîcheur : trois scénarios sont proposés aux habitants "
        "avant le choix définitif à l'automne.",
        [
            "Trois scénarios d'aménagement des berges sont présentés à la mairie et sur le "
            "portail. Chacun prévoit une promenade continue et davantage d'arbres.",
            "Les avis recueillis seront publiés, avec la réponse de la ville à chacun d'eux.",
        ],
    ),
    (
        "transport-scolaire-inscriptions",
        "Transport scolaire : les inscriptions sont ouvertes jusqu'au 15 juillet",
        8,
        "departement",
        ["éducation", "mobilité"],
        "Collégiens et lycéens peuvent s'inscrire en ligne ou au guichet de leur mairie. "
        "Passé le 15 juillet, une majoration s'applique.",
        [
            "L'inscription au transport scolaire se fait en ligne ou au guichet de votre mairie, "
            "avec une photo d'identité et un justificatif de domicile.",
            "Les familles qui ont besoin d'aide pour remplir le dossier peuvent se rendre dans "
            "une maison de services au public.",
        ],
    ),
    (
        "noyon-marche-aux-fruits-rouges",
        "Noyon : le marché aux fruits rouges revient début juillet",
        9,
        "Noyon",
        ["culture", "commerce"],
        "Producteurs locaux, animations et concours de confitures : le marché aux fruits rouges "
        "se tient le premier dimanche de juillet.",
        [
            "Une cinquantaine de producteurs de la région sont attendus sur le parvis de la "
            "cathédrale pour cette nouvelle édition.",
            "Le centre-ville est fermé à la circulation de 6 h à 19 h ; des parkings gratuits "
            "sont fléchés depuis les entrées de la ville.",
        ],
    ),
    (
        "senlis-cathedrale-restauration",
        "Senlis : la restauration de la cathédrale entre dans sa dernière phase",
        12,
        "Senlis",
        ["patrimoine"],
        "Les échafaudages de la façade ouest seront démontés à l'automne. Des visites du "
        "chantier sont proposées un samedi par mois.",
        [
            "Après la toiture et les vitraux, les tailleurs de pierre achèvent la façade ouest. "
            "Le portail restauré sera dévoilé à l'automne.",
            "Des visites commentées du chantier ont lieu un samedi par mois, sur inscription "
            "auprès de l'office de tourisme.",
        ],
    ),
    (
        "canicule-salles-rafraichies",
        "Fortes chaleurs : des salles rafraîchies ouvertes près de chez vous",
        14,
        "departement",
        ["solidarité", "santé"],
        "Pendant les épisodes de canicule, les maisons de la solidarité accueillent sans "
        "rendez-vous les personnes qui ont besoin de se rafraîchir.",
        [
            "Les maisons de la solidarité ouvrent une salle rafraîchie aux horaires habituels "
            "dès le déclenchement de l'alerte canicule.",
            "Les personnes âgées ou isolées peuvent demander à être appelées chaque jour : "
            "inscrivez-vous ou inscrivez un proche auprès de votre mairie.",
        ],
    ),
    (
        "meru-centre-de-sante",
        "Méru : un centre de santé ouvrira au printemps",
        17,
        "Méru",
        ["santé"],
        "Quatre médecins généralistes, une sage-femme et un cabinet dentaire s'installeront "
        "dans l'ancienne poste, rénovée.",
        [
            "Le centre de santé accueillera quatre médecins généralistes salariés, une "
            "sage-femme et un cabinet dentaire, avec des consultations sans dépassement "
            "d'honoraires.",
            "Les habitants sont invités à une réunion de présentation à la salle des fêtes.",
        ],
    ),
    (
        "creil-sud-oise-bus-du-dimanche",
        "Creil Sud Oise : des bus le dimanche sur quatre lignes",
        20,
        "epci:Creil",
        ["mobilité"],
        "À partir de la rentrée, quatre lignes de bus de l'agglomération circuleront le "
        "dimanche, toutes les quarante minutes.",
        [
            "Les lignes qui desservent les gares et l'hôpital circuleront le dimanche de 8 h à "
            "20 h, toutes les quarante minutes.",
            "Les horaires détaillés seront disponibles aux arrêts et en mairie à la fin du mois "
            "d'août.",
        ],
    ),
    (
        "budget-participatif-colleges",
        "Budget participatif des collèges : à vos projets !",
        24,
        None,
        ["jeunesse", "participation"],
        "Les collégiens proposent des projets pour leur établissement ; les élèves votent en "
        "décembre. Chaque collège dispose de 10 000 €.",
        [
            "Un coin lecture, un potager, des tables de ping-pong : les collégiens ont jusqu'au "
            "30 octobre pour déposer leurs projets avec l'aide d'un adulte référent.",
            "Les élèves de chaque collège voteront en décembre pour les projets de leur "
            "établissement.",
        ],
    ),
]


def _target(spec, departement):
    if spec is None:
        return None
    if spec == "departement":
        return departement
    communes = Territory.objects.communes()
    if departement is not None:
        communes = communes.within(departement)
    if spec.startswith("epci:"):
        commune = communes.filter(name=spec.removeprefix("epci:")).first()
        if commune is None:
            return None
        return commune.ancestors().filter(kind=Territory.Kind.EPCI).first()
    return communes.filter(name=spec).first()


def ensure_news(home, departement, report):
    """The « Actualités » list under the home page and a dozen items, some targeted."""
    index = home.get_children().filter(slug="actualites").specific().first()
    if index is None:
        index = home.add_child(
            instance=NewsIndexPage(
                title="Actualités",
                slug="actualites",
                show_in_menus=True,
                introduction=(
                    "Les nouvelles du Département et des communes. Celles qui concernent votre "
                    "commune apparaissent en premier quand vous l'avez choisie."
                ),
            )
        )
        index.save_revision().publish()
        report.record("liste « Actualités »", created=True)
    today = timezone.localdate()
    created = 0
    for slug, title, days_ago, target, themes, summary, paragraphs in NEWS:
        if index.get_children().filter(slug=slug).exists():
            continue
        item = NewsPage(
            title=title,
            slug=slug,
            date=today - datetime.timedelta(days=days_ago),
            territory=_target(target, departement),
            summary=summary,
            body=json.dumps([_paragraphs(*paragraphs)]),
        )
        index.add_child(instance=item)
        item.tags.add(*themes)
        item.save_revision().publish()
        created += 1
    if created:
        report.record(f"{created} actualités", created=True)
    return index


def ensure_mobility_section(home, report, *, standard_page):
    """A « Mobilités » section with two child pages, using the FAQ and key figures blocks."""
    section = home.get_children().filter(slug="mobilites").specific().first()
    if section is None:
        section = home.add_child(
            instance=SectionPage(
                title="Mobilités",
                slug="mobilites",
                show_in_menus=True,
                introduction=(
                    "Routes, transports scolaires, vélo, covoiturage : ce que fait le "
                    "Département pour vos déplacements, et comment y prendre part."
                ),
                body=json.dumps(
                    [
                        {
                            "type": "key_figures",
                            "value": {
                                "title": "Les mobilités en chiffres",
                                "figures": [
                                    {
                                        "value": "120 km",
                                        "label": "de pistes cyclables prévues",
                                        "source": "Plan vélo 2028",
                                    },
                                    {
                                        "value": "38 000",
                                        "label": "élèves transportés chaque jour",
                                        "source": "",
                                    },
                                    {"value": "21", "label": "aires de covoiturage", "source": ""},
                                ],
                            },
                        },
                        _paragraphs(
                            "Chaque projet de voirie ou de transport est présenté sur le portail "
                            "avant d'être décidé : vous pouvez poser vos questions et donner "
                            "votre avis dans les groupes de votre territoire."
                        ),
                    ]
                ),
            )
        )
        section.save_revision().publish()
        report.record("rubrique « Mobilités »", created=True)
    standard_page(
        section,
        report,
        show_in_menus=False,
        slug="plan-velo",
        title="Le plan vélo départemental",
        introduction="Des itinéraires sûrs et continus entre les communes, les gares et les collèges.",
        body=[
            _paragraphs(
                "Le plan vélo relie les communes entre elles et aux gares par des pistes "
                "séparées de la circulation automobile, ou par des voies partagées là où le "
                "trafic est faible.",
                "Les tracés sont discutés commune par commune. Les habitants peuvent signaler "
                "les points dangereux et proposer des itinéraires.",
            )
        ],
    )
    standard_page(
        section,
        report,
        show_in_menus=False,
        slug="transports-scolaires",
        title="Transports scolaires",
        introduction="Inscriptions, trajets et tarifs du transport des collégiens et lycéens.",
        body=[
            {
                "type": "accordion",
                "value": {
                    "title": "Questions fréquentes",
                    "items": [
                        {
                            "question": "Quand faut-il inscrire mon enfant ?",
                            "answer": "<p>Avant le 15 juillet pour la rentrée de septembre. "
                            "Une inscription en cours d'année reste possible.</p>",
                        },
                        {
                            "question": "Combien coûte l'abonnement ?",
                            "answer": "<p>Le tarif dépend du quotient familial. Une réduction "
                            "s'applique à partir du troisième enfant.</p>",
                        },
                        {
                            "question": "Que faire si le car ne passe pas ?",
                            "answer": "<p>Prévenez l'établissement, puis signalez-le au service "
                            "des transports par le formulaire de contact.</p>",
                        },
                    ],
                },
            }
        ],
    )
    return section


def ensure_contact_page(home, authority, report):
    page = home.get_children().filter(slug="nous-contacter").specific().first()
    if page is not None:
        report.record("page « Nous contacter »", created=False)
        return page
    page = home.add_child(
        instance=ContactPage(
            title="Nous contacter",
            slug="nous-contacter",
            show_in_menus=False,
            to_address=authority.email,
            from_address=authority.email,
            subject="Message reçu sur le portail",
            introduction=(
                "<p>Une question sur le portail, une démarche ou un projet ? Écrivez-nous : "
                "nous répondons sous huit jours ouvrés.</p>"
            ),
            thank_you_text=(
                "<p>Merci, votre message a bien été envoyé. Nous vous répondrons sous huit jours "
                "ouvrés.</p>"
            ),
        )
    )
    fields = [
        ("Votre nom", "singleline", True, ""),
        ("Votre adresse électronique", "email", True, "Pour vous répondre, et à rien d'autre."),
        ("Votre commune", "singleline", False, ""),
        ("Votre message", "multiline", True, ""),
    ]
    for order, (label, field_type, required, help_text) in enumerate(fields):
        ContactFormField.objects.create(
            page=page,
            sort_order=order,
            label=label,
            field_type=field_type,
            required=required,
            help_text=help_text,
        )
    page.save_revision().publish()
    report.record("page « Nous contacter »", created=True)
    return page


def index_pages_now():
    """Put every live page in the search index at once.

    Index updates are background tasks (run by `db_worker`), and `make run` starts no worker:
    without this the demo's search would find no page until one runs.
    """
    for page in Page.objects.live().filter(depth__gt=1).specific():
        search_index.insert_or_update_object(page)
