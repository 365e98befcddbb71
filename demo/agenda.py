"""Demo agenda of the Oise: a few hundred events over the coming three months.

Several verified associations (those of the people demo, or three created here), events spread
over the département's main communes, two series (the Saturday market in Beauvais, the monthly
repair café in Creil), one cancelled event and one proposal waiting for moderation.
Idempotent: demo events carry a UID starting with "demo-"; a second run creates nothing.
Titles and descriptions are invented; communes are real.
"""

import random
from datetime import datetime, time, timedelta

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from agenda.models import Event, EventCategory, EventChangeLog
from agenda.recurrence import normalize_rrule
from agenda.services.occurrences import refresh_occurrences_of
from agenda.text import sanitize_description
from civic.people.models import Profile, VerificationDecision
from civic.people.services import create_profile, request_verification
from civic.territories.models import Territory
from civic.territories.settings import root_territory

DEMO_UID = "demo-{n}@agenda.parvis.localhost"
DEMO_DOMAIN = "demo.parvis.localhost"
DAYS = 90
EVENT_COUNT = 260

FALLBACK_ASSOCIATIONS = [
    (
        "Margot",
        "Lefèvre",
        "60057",
        "Beauvais Culture Partagée",
        "Concerts, expositions et ateliers pour tous les publics du Beauvaisis.",
    ),
    (
        "Yanis",
        "Boukhari",
        "60175",
        "Creil Répare",
        "Repair cafés, réemploi et lutte contre le gaspillage dans le bassin creillois.",
    ),
    (
        "Hélène",
        "Caron",
        "60159",
        "Compiègne Sports et Loisirs",
        "Randonnées, courses et sport santé en forêt de Compiègne.",
    ),
]

# (category slug, title, description, venue, start hour, duration in hours)
TEMPLATES = [
    (
        "concert",
        "Concert de la chorale {place}",
        "La chorale interprète des chants du monde et de la variété française. Entrée libre, participation au chapeau.",
        "Église Saint-Pierre",
        20,
        2,
    ),
    (
        "concert",
        "Scène ouverte musiques actuelles",
        "Groupes locaux et jeunes talents se succèdent sur scène. Buvette sur place.",
        "Salle des fêtes",
        19,
        4,
    ),
    (
        "spectacle",
        "Théâtre : « Le Malade imaginaire »",
        "La troupe amateur joue Molière dans une mise en scène pleine d'énergie. Tout public dès 8 ans.",
        "Salle culturelle",
        20,
        2,
    ),
    (
        "spectacle",
        "Spectacle de marionnettes",
        "Un conte pour les petits, suivi d'un goûter. Réservation conseillée.",
        "Médiathèque",
        15,
        1,
    ),
    (
        "exposition",
        "Exposition « Regards sur l'Oise »",
        "Photographies des paysages et des villages de l'Oise par les membres du club photo.",
        "Hall de la mairie",
        10,
        8,
    ),
    (
        "exposition",
        "Salon des artistes amateurs",
        "Peintures, sculptures et céramiques des artistes du territoire.",
        "Salle polyvalente",
        10,
        7,
    ),
    (
        "sport",
        "Randonnée découverte en forêt",
        "Boucle de 12 km au départ du parking, accessible à tous les marcheurs réguliers. Prévoir de bonnes chaussures.",
        "Parking de la forêt",
        9,
        4,
    ),
    (
        "sport",
        "Tournoi de football des jeunes",
        "Les écoles de foot du secteur se rencontrent. Restauration sur place.",
        "Stade municipal",
        9,
        8,
    ),
    (
        "sport",
        "Course solidaire",
        "5 ou 10 km au profit d'une association locale. Inscription sur place.",
        "Place de la mairie",
        9,
        3,
    ),
    (
        "fete",
        "Fête de quartier",
        "Jeux pour enfants, repas partagé et musique : chacun apporte un plat.",
        "Square du centre",
        12,
        6,
    ),
    (
        "fete",
        "Bal populaire",
        "Orchestre et piste de danse sous les étoiles.",
        "Place de l'église",
        21,
        3,
    ),
    (
        "conference",
        "Conférence : l'histoire de {place}",
        "Un historien local raconte l'évolution de la commune du Moyen Âge à nos jours.",
        "Salle du conseil",
        18,
        2,
    ),
    (
        "conference",
        "Conférence : jardiner sans pesticides",
        "Conseils pratiques pour un jardin vivant, questions et échanges.",
        "Médiathèque",
        18,
        2,
    ),
    (
        "atelier",
        "Atelier numérique : démarches en ligne",
        "Aide gratuite pour les démarches administratives sur internet. Apportez vos identifiants.",
        "Espace France services",
        14,
        2,
    ),
    (
        "atelier",
        "Atelier cuisine anti-gaspillage",
        "Cuisiner les restes et les fruits abîmés, dégustation à la fin.",
        "Centre social",
        14,
        3,
    ),
    (
        "atelier",
        "Atelier d'écriture",
        "Jeux d'écriture en petit groupe, débutants bienvenus.",
        "Bibliothèque",
        10,
        2,
    ),
    (
        "reunion-publique",
        "Réunion publique : aménagement du centre-bourg",
        "Présentation du projet et échanges avec les habitants.",
        "Salle du conseil municipal",
        19,
        2,
    ),
    (
        "vie-associative",
        "Forum des associations",
        "Rencontrez les associations sportives, culturelles et solidaires de la commune.",
        "Gymnase",
        10,
        7,
    ),
    (
        "vie-associative",
        "Assemblée générale de l'association",
        "Bilan de l'année, projets et élection du bureau. Ouvert à tous les adhérents.",
        "Maison des associations",
        18,
        2,
    ),
    (
        "cinema",
        "Ciné-plein air",
        "Projection d'un film familial à la tombée de la nuit. Apportez un plaid.",
        "Parc municipal",
        21,
        2,
    ),
    (
        "cinema",
        "Ciné-débat : le climat près de chez nous",
        "Projection d'un documentaire suivie d'un débat avec l'équipe du film.",
        "Cinéma municipal",
        20,
        3,
    ),
    (
        "marche",
        "Marché des producteurs locaux",
        "Fruits, légumes, fromages et miel des fermes du territoire.",
        "Place du marché",
        8,
        5,
    ),
]


def _say(stdout, text):
    if stdout is not None:
        stdout.write(text)


def _at(day, hour, minute=0):
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def _associations():
    """Verified associations of the portal; three are created when there are none."""
    found = list(
        Profile.objects.verified().filter(kind=Profile.Kind.ASSOCIATION).select_related("user")
    )
    if found:
        return found
    user_model = get_user_model()
    created = []
    for first, last, code, name, purpose in FALLBACK_ASSOCIATIONS:
        commune = Territory.objects.filter(kind=Territory.Kind.COMMUNE, code=code).first()
        email = f"{slugify(name)}@{DEMO_DOMAIN}"
        user = user_model.objects.filter(email__iexact=email).first()
        if user is None:
            user = user_model.objects.create_user(username=email, email=email)
            user.set_unusable_password()
            user.save()
            EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
            create_profile(user=user, first_name=first, last_name=last, home_commune=commune)
        profile = request_verification(
            profile=user.profile,
            kind=Profile.Kind.ASSOCIATION,
            identity={"organisation_name": name, "rna": "W601000001", "purpose": purpose},
        )
        # Demo data: recorded as verified without emailing anyone.
        profile.status = Profile.Status.VERIFIED
        profile.save()
        VerificationDecision.objects.create(
            profile=profile,
            requested_kind=profile.kind,
            outcome=VerificationDecision.Outcome.APPROVED,
            reason="Association de démonstration.",
            decided_by_name="Démonstration",
        )
        created.append(profile)
    return created


def _communes():
    root = root_territory()
    communes = Territory.objects.communes()
    if root is not None:
        communes = communes.within(root)
    return list(communes.order_by("-population", "name")[:30])


def _event(n, **fields):
    event = Event(
        uid=DEMO_UID.format(n=n),
        status=Event.Status.PUBLISHED,
        organiser_kind=Event.OrganiserKind.PROFILE,
        **fields,
    )
    event.slug = slugify(event.title)[:220].strip("-") or "evenement"
    event.published_at = event.submitted_at = timezone.now()
    return event


@transaction.atomic
def create_agenda_demo(*, stdout=None):
    """Create the demo events; return how many were created (0 on a second run)."""
    if Event.objects.filter(uid__startswith="demo-").exists():
        _say(stdout, "Agenda de démonstration : déjà en place.")
        return 0
    communes = _communes()
    if not communes:
        _say(stdout, "Agenda de démonstration : aucune commune chargée, rien à créer.")
        return 0
    associations = _associations()
    categories = {c.slug: c for c in EventCategory.objects.all()}
    by_code = {c.code: c for c in communes}
    beauvais = by_code.get("60057") or communes[0]
    creil = by_code.get("60175") or communes[min(1, len(communes) - 1)]
    rng = random.Random(60)
    today = timezone.localdate()
    events = []

    def organiser(index):
        profile = associations[index % len(associations)]
        return {"organiser_profile": profile, "created_by": profile.user}

    # Two series, as the issue asks: a weekly market and a monthly repair café.
    saturday = today + timedelta(days=(5 - today.weekday()) % 7)
    events.append(
        _event(
            0,
            title="Marché de Beauvais",
            description=sanitize_description(
                "Le grand marché du samedi matin, place des Halles : producteurs, primeurs, "
                "fromagers et artisans."
            ),
            category=categories.get("marche"),
            starts_at=_at(saturday, 8),
            ends_at=_at(saturday, 13),
            rrule=normalize_rrule("FREQ=WEEKLY;BYDAY=SA"),
            venue_name="Place des Halles",
            commune=beauvais,
            is_free=True,
            wheelchair_accessible=True,
            **organiser(0),
        )
    )
    first_of_month = today.replace(day=1)
    second_saturday = first_of_month + timedelta(days=(5 - first_of_month.weekday()) % 7 + 7)
    if second_saturday < today:
        next_month = (first_of_month + timedelta(days=32)).replace(day=1)
        second_saturday = next_month + timedelta(days=(5 - next_month.weekday()) % 7 + 7)
    events.append(
        _event(
            1,
            title="Repair café de Creil",
            description=sanitize_description(
                "Chaque deuxième samedi du mois, des bénévoles vous aident à réparer petit "
                "électroménager, vélos, vêtements et jouets. Gratuit, café offert."
            ),
            category=categories.get("atelier"),
            starts_at=_at(second_saturday, 14),
            ends_at=_at(second_saturday, 18),
            rrule=normalize_rrule("FREQ=MONTHLY;BYDAY=2SA"),
            venue_name="Maison des associations",
            venue_address="5 rue du Général de Gaulle",
            commune=creil,
            is_free=True,
            wheelchair_accessible=True,
            easy_to_read=True,
            **organiser(1),
        )
    )
    for n in range(2, EVENT_COUNT):
        slug, title, description, venue, hour, hours = rng.choice(TEMPLATES)
        commune = rng.choice(communes[:12] if rng.random() < 0.6 else communes)
        day = today + timedelta(days=rng.randint(0, DAYS))
        free = rng.random() < 0.6
        events.append(
            _event(
                n,
                title=title.format(place=commune.name),
                description=sanitize_description(description),
                category=categories.get(slug),
                starts_at=_at(day, hour),
                ends_at=_at(day, hour) + timedelta(hours=hours),
                venue_name=venue,
                commune=commune,
                is_free=free,
                price="" if free else rng.choice(["5 €", "8 €, 5 € tarif réduit", "12 €"]),
                wheelchair_accessible=rng.random() < 0.5,
                hearing_loop=rng.random() < 0.15,
                sign_language=rng.random() < 0.05,
                **organiser(n),
            )
        )
    cancelled = events[-1]
    cancelled.title = "Concert en plein air au parc"
    cancelled.slug = slugify(cancelled.title)
    cancelled.status = Event.Status.CANCELLED
    cancelled.cancellation_reason = "Prévisions d'orages : le concert est annulé."
    cancelled.sequence = 1
    Event.objects.bulk_create(events, batch_size=200)
    created = list(Event.objects.filter(uid__startswith="demo-"))
    occurrences = refresh_occurrences_of(created)
    EventChangeLog.objects.create(
        event=next(e for e in created if e.status == Event.Status.CANCELLED),
        action=EventChangeLog.Action.CANCELLED,
        note="Prévisions d'orages : le concert est annulé.",
        user_name="Démonstration",
    )
    citizen = Profile.objects.filter(kind=Profile.Kind.CITIZEN).select_related("user").first()
    if citizen is not None:
        day = today + timedelta(days=20)
        proposal = _event(
            EVENT_COUNT,
            title="Vide-grenier de la rue des Lilas",
            description=sanitize_description(
                "Vide-grenier organisé par les voisins de la rue. Emplacements gratuits."
            ),
            category=categories.get("fete"),
            starts_at=_at(day, 8),
            ends_at=_at(day, 17),
            venue_name="Rue des Lilas",
            commune=citizen.home_commune or beauvais,
            organiser_profile=citizen,
            created_by=citizen.user,
        )
        proposal.status = Event.Status.SUBMITTED
        proposal.published_at = None
        proposal.save()
        refresh_occurrences_of([proposal])
    _say(
        stdout,
        f"Agenda de démonstration : {len(created)} événements ({occurrences} dates), "
        f"par {len(associations)} associations.",
    )
    return len(created)
