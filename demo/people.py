"""Demo people of the Oise: verified associations and elected officials, citizens, one pending request.

Idempotent: people are found again by email; nothing is duplicated or overwritten.
The names are invented; the communes are real.
"""

from datetime import date
from functools import cache

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import get_hasher, make_password
from django.db import transaction

from civic.people.models import Profile
from civic.people.services import create_profile, decide_verification, request_verification
from civic.territories.models import Territory

DEMO_PASSWORD = "parvis-demo-2026"
DEMO_DOMAIN = "demo.parvis.localhost"

CITIZENS = [
    ("Camille", "Durand", "60057"),  # Beauvais
    ("Karim", "Benali", "60175"),  # Creil
    ("Lucie", "Moreau", "60159"),  # Compiègne
    ("Thomas", "Petit", "60471"),  # Noyon
    ("Aïcha", "Diallo", "60463"),  # Nogent-sur-Oise
    ("Jeanne", "Lefebvre", "60612"),  # Senlis
]

ASSOCIATIONS = [
    {
        "person": ("Inès", "Roussel", "60175"),
        "organisation_name": "Creil Solidarité",
        "rna": "W601004521",
        "purpose": "Aide alimentaire, épicerie solidaire et accompagnement administratif des familles du bassin creillois.",
        "website": "https://creil-solidarite.example.fr",
        "action": ("epci", "200068047"),  # CA Creil Sud Oise
    },
    {
        "person": ("Olivier", "Garnier", "60057"),
        "organisation_name": "Les Jardins partagés de Saint-Jean",
        "rna": "W601008734",
        "purpose": "Faire vivre des jardins partagés dans le quartier Saint-Jean de Beauvais et transmettre le jardinage au naturel.",
        "website": "",
        "action": ("commune", "60057"),
    },
    {
        "person": ("Sophie", "Marchand", "60159"),
        "organisation_name": "Compiègne à vélo",
        "rna": "W601012290",
        "purpose": "Promouvoir le vélo au quotidien dans l'agglomération de Compiègne : ateliers de réparation, balades, dialogue avec les collectivités.",
        "website": "https://compiegne-a-velo.example.fr",
        "action": ("commune", "60159"),
    },
    {
        "person": ("Bernard", "Lemaire", "60157"),
        "organisation_name": "Repair Café du Clermontois",
        "rna": "W601015503",
        "purpose": "Réparer ensemble plutôt que jeter : un atelier mensuel ouvert à tous, avec des bénévoles bricoleurs.",
        "website": "",
        "action": ("commune", "60157"),
    },
    {
        "person": ("Claire", "Dubois", "60612"),
        "organisation_name": "Senlis Patrimoine vivant",
        "rna": "W601020118",
        "purpose": "Faire connaître le patrimoine de Senlis par des visites, des conférences et des chantiers de bénévoles.",
        "website": "https://senlis-patrimoine.example.fr",
        "action": ("commune", "60612"),
    },
]

ELECTED = [
    {
        "person": ("Martine", "Lefort", "60175"),
        "office": Profile.Office.MAIRE,
        "mandate": ("commune", "60175"),
        "start": date(2020, 7, 4),
        "group": "",
    },
    {
        "person": ("Hervé", "Dumont", "60057"),
        "office": Profile.Office.CONSEILLER_DEPARTEMENTAL,
        "mandate": ("departement", "60"),
        "start": date(2021, 7, 1),
        "group": "Oise en commun",
    },
    {
        "person": ("Nadia", "Chevalier", "60057"),
        "office": Profile.Office.ADJOINT,
        "mandate": ("commune", "60057"),
        "start": date(2020, 7, 4),
        "group": "",
    },
]

PENDING = {
    "person": ("Julien", "Fournier", "60139"),  # Chambly
    "organisation_name": "Archers de Chambly",
    "rna": "W601031177",
    "purpose": "Pratique du tir à l'arc en loisir et en compétition, accueil des jeunes dès 8 ans.",
    "website": "",
    "action": ("commune", "60139"),
}


def _territory(kind, code):
    return Territory.objects.filter(kind=kind, code=code).first()


# How titles speak of each demo person (« Conseiller départemental », « Maire »…).
FEMININE = {"Lucie", "Aïcha", "Jeanne", "Inès", "Sophie", "Claire", "Martine", "Nadia"}
MASCULINE = {"Karim", "Thomas", "Olivier", "Bernard", "Hervé", "Julien"}


def _civility(first_name):
    if first_name in FEMININE:
        return Profile.Civility.MADAME
    if first_name in MASCULINE:
        return Profile.Civility.MONSIEUR
    return Profile.Civility.UNSET


def _email(first_name, last_name):
    local = f"{first_name}.{last_name}".lower()
    for accented, plain in {"ï": "i", "è": "e", "é": "e", "ç": "c", "î": "i"}.items():
        local = local.replace(accented, plain)
    return f"{local}@{DEMO_DOMAIN}"


@cache
def _demo_password_hash(algorithm):
    """Hashed once for every demo account: the production hasher takes half a second a time."""
    return make_password(DEMO_PASSWORD, hasher=algorithm)


def _person(first_name, last_name, commune_code, created):
    """The demo account for that name, created (confirmed, with a profile) if it is missing."""
    user_model = get_user_model()
    email = _email(first_name, last_name)
    user = user_model.objects.filter(email__iexact=email).first()
    if user is not None:
        return user, False
    commune = _territory(Territory.Kind.COMMUNE, commune_code)
    # Already hashed: create(), not create_user().
    password = _demo_password_hash(get_hasher().algorithm)
    user = user_model.objects.create(username=email, email=email, password=password)
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    create_profile(
        user=user,
        first_name=first_name,
        last_name=last_name,
        home_commune=commune,
        civility=_civility(first_name),
    )
    created.append(f"{first_name} {last_name}")
    return user, True


@transaction.atomic
def create_people_demo(*, moderator):
    """Create the demo people; return the names of those created (empty on a second run)."""
    if not Territory.objects.filter(kind=Territory.Kind.DEPARTEMENT, code="60").exists():
        return []
    created = []
    for first_name, last_name, commune in CITIZENS:
        _person(first_name, last_name, commune, created)
    for spec in ASSOCIATIONS:
        user, new = _person(*spec["person"], created)
        if new:
            identity = {
                key: spec[key] for key in ("organisation_name", "rna", "purpose", "website")
            }
            identity["action_territory"] = _territory(*spec["action"])
            request_verification(
                profile=user.profile, kind=Profile.Kind.ASSOCIATION, identity=identity
            )
            decide_verification(
                profile=user.profile,
                moderator=moderator,
                approve=True,
                reason="Association vérifiée au RNA.",
                notify=False,
            )
    for spec in ELECTED:
        user, new = _person(*spec["person"], created)
        if new:
            request_verification(
                profile=user.profile,
                kind=Profile.Kind.ELECTED,
                identity={
                    "office": spec["office"],
                    "mandate_territory": _territory(*spec["mandate"]),
                    "mandate_start": spec["start"],
                    "political_group": spec["group"],
                },
            )
            decide_verification(
                profile=user.profile,
                moderator=moderator,
                approve=True,
                reason="Mandat vérifié.",
                notify=False,
            )
    user, new = _person(*PENDING["person"], created)
    if new:
        identity = {key: PENDING[key] for key in ("organisation_name", "rna", "purpose", "website")}
        identity["action_territory"] = _territory(*PENDING["action"])
        request_verification(profile=user.profile, kind=Profile.Kind.ASSOCIATION, identity=identity)
    return created
