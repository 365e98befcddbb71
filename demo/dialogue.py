"""Demo dialogue of the Oise: groups in several communes and EPCI, discussions in plain French,
one open consultation and one answered.

Idempotent: a group that exists (by name) is left alone with everything in it. The people are
those of `demo.people` (created first if missing). Demo notifications are marked sent: invented
people have no mailbox.
"""

from dataclasses import dataclass, field
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.test.utils import override_settings
from django.utils import timezone

from civic.dialogue.models.discussions import Consultation, Discussion, OfficialAnswer, Post
from civic.dialogue.models.groups import CivicGroup, Membership, Theme
from civic.dialogue.models.notifications import Notification
from civic.dialogue.services import discussions, groups, notifications
from civic.dialogue.services.discussions import refresh_counters
from civic.territories.models import Territory
from demo.people import DEMO_DOMAIN, _email, create_people_demo


@dataclass
class Thread:
    title: str
    # (author's first and last name, text, days ago): the first one opens the discussion.
    posts: list
    pinned: bool = False
    recommended_by: dict = field(default_factory=dict)  # post index -> [names]


@dataclass
class GroupSpec:
    name: str
    theme: str
    territory: (
        tuple  # ("commune", INSEE) or ("epci_of", INSEE of a commune) or ("departement", code)
    )
    animator: tuple
    members: list
    description: str
    rules: str
    join_policy: str = "open"
    threads: list = field(default_factory=list)
    consultation: dict | None = None


RULES = (
    "- On se parle avec respect, sous son vrai nom.\n"
    "- Pas de publicité ni de propagande électorale.\n"
    "- On reste dans le sujet du groupe ; pour le reste, il y a d'autres groupes."
)

GROUPS = [
    GroupSpec(
        name="Solidarité et entraide à Creil",
        theme="solidarite",
        territory=("commune", "60175"),
        animator=("Inès", "Roussel"),
        members=[("Karim", "Benali"), ("Aïcha", "Diallo"), ("Martine", "Lefort")],
        description=(
            "Un lieu pour s'organiser entre voisins, associations et services de la ville : "
            "collectes, aide aux démarches, covoiturage pour les courses, **coups de main** du "
            "quotidien."
        ),
        rules=RULES,
        threads=[
            Thread(
                title="Collecte alimentaire de décembre : qui peut aider ?",
                pinned=True,
                posts=[
                    (
                        ("Inès", "Roussel"),
                        "Bonjour à toutes et à tous,\n\nLa collecte de décembre aura lieu les "
                        "**vendredi 12 et samedi 13** dans les deux supermarchés du Plateau. "
                        "Il nous manque des bénévoles le samedi après-midi (14 h – 18 h).\n\n"
                        "- tenir le stand et expliquer la collecte ;\n"
                        "- trier les dons ;\n"
                        "- ramener les cartons à l'épicerie solidaire (une voiture suffit).\n\n"
                        "Répondez ici avec vos disponibilités, même pour une heure.",
                        9,
                    ),
                    (
                        ("Karim", "Benali"),
                        "Je peux faire le samedi de 14 h à 16 h, et j'ai une voiture pour les "
                        "cartons.",
                        8,
                    ),
                    (
                        ("Aïcha", "Diallo"),
                        "Présente samedi de 16 h à 18 h avec ma fille (elle a 15 ans, c'est "
                        "possible ?).",
                        8,
                    ),
                    (
                        ("Inès", "Roussel"),
                        "Merci à vous deux ! Oui Aïcha, à partir de 14 ans accompagné d'un "
                        "adulte, aucun souci.",
                        7,
                    ),
                ],
                recommended_by={0: [("Martine", "Lefort"), ("Karim", "Benali")]},
            ),
            Thread(
                title="Aide pour les dossiers de la CAF : une permanence le mardi ?",
                posts=[
                    (
                        ("Aïcha", "Diallo"),
                        "Plusieurs voisines âgées n'arrivent pas à faire leurs démarches en "
                        "ligne. Est-ce qu'une permanence existe quelque part à Creil ?",
                        5,
                    ),
                    (
                        ("Martine", "Lefort"),
                        "Bonjour Madame Diallo. Le centre social Georges-Brassens accueille "
                        "une conseillère numérique le mardi matin, sur rendez-vous. La ville "
                        "réfléchit à un second créneau l'après-midi : c'est justement l'objet "
                        "de la consultation ouverte dans ce groupe.",
                        4,
                    ),
                ],
            ),
        ],
        consultation={
            "by": ("Martine", "Lefort"),
            "title": "Horaires de la future maison France services",
            "question": (
                "La ville ouvrira au printemps une maison France services au centre-ville, "
                "pour vous accompagner dans vos démarches (CAF, impôts, retraite, carte grise…).\n\n"
                "**Quels horaires vous conviendraient le mieux ?**\n\n"
                "- en semaine, tôt le matin (dès 8 h) ;\n"
                "- en semaine, après 17 h ;\n"
                "- le samedi matin.\n\n"
                "Dites-nous aussi ce qui vous empêche aujourd'hui de faire vos démarches."
            ),
            "closes_in_days": 21,
            "replies": [
                (
                    ("Karim", "Benali"),
                    "Après 17 h sans hésiter : je travaille à Saint-Maximin et je ne peux "
                    "jamais venir avant.",
                    3,
                ),
                (
                    ("Aïcha", "Diallo"),
                    "Le samedi matin, pour les personnes qui travaillent et pour celles qui "
                    "viennent accompagnées de leurs enfants.",
                    2,
                ),
            ],
        },
    ),
    GroupSpec(
        name="Vélo au quotidien dans l'agglomération de Compiègne",
        theme="mobilite",
        territory=("epci_of", "60159"),
        animator=("Sophie", "Marchand"),
        members=[("Lucie", "Moreau"), ("Thomas", "Petit")],
        description=(
            "Pistes, stationnement, itinéraires malins et ateliers : tout ce qui aide à se "
            "déplacer à vélo entre Compiègne, Margny, Venette et les communes de l'agglo."
        ),
        rules=RULES,
        threads=[
            Thread(
                title="Double-sens cyclable rue Solférino : vos retours",
                posts=[
                    (
                        ("Lucie", "Moreau"),
                        "Depuis la mise en double-sens, je gagne cinq minutes pour aller à la "
                        "gare. Mais le carrefour avec la rue des Lombards reste délicat : les "
                        "voitures ne s'attendent pas à croiser un vélo.",
                        12,
                    ),
                    (
                        ("Sophie", "Marchand"),
                        "Merci Lucie. Nous avons noté le même point lors de notre balade "
                        "d'observation. Un marquage au sol et un panneau « sauf vélos » plus "
                        "visible aideraient : nous le proposerons à l'agglomération.",
                        11,
                    ),
                    (
                        ("Thomas", "Petit"),
                        "Je confirme pour le carrefour. Le soir, l'éclairage est aussi "
                        "insuffisant.",
                        10,
                    ),
                ],
                recommended_by={1: [("Lucie", "Moreau"), ("Thomas", "Petit")]},
            ),
            Thread(
                title="Où garer son vélo en sécurité près de la gare ?",
                posts=[
                    (
                        ("Thomas", "Petit"),
                        "Je viens de Noyon en train avec mon vélo pliant, mais je voudrais en "
                        "laisser un à Compiègne. L'abri sécurisé est-il accessible sans "
                        "abonnement ?",
                        6,
                    ),
                    (
                        ("Sophie", "Marchand"),
                        "L'abri de la gare fonctionne avec la carte de transport régionale. "
                        "Notre atelier du jeudi peut aussi vous aider à choisir un bon antivol "
                        "en U.",
                        5,
                    ),
                ],
            ),
        ],
    ),
    GroupSpec(
        name="Jardins et nature en ville à Beauvais",
        theme="environnement",
        territory=("commune", "60057"),
        animator=("Olivier", "Garnier"),
        members=[("Camille", "Durand"), ("Nadia", "Chevalier")],
        description=(
            "Jardins partagés, arbres de rue, compost et biodiversité : partager les bonnes "
            "pratiques et les projets de quartier à Beauvais."
        ),
        rules=RULES,
        threads=[
            Thread(
                title="Récupérateurs d'eau de pluie : un achat groupé ?",
                posts=[
                    (
                        ("Camille", "Durand"),
                        "L'été dernier, nous avons arrosé au tuyau pendant les restrictions… "
                        "Si nous sommes une dizaine, un fournisseur de l'Oise propose des cuves "
                        "de 300 litres à prix réduit. Qui serait intéressé ?",
                        15,
                    ),
                    (
                        ("Olivier", "Garnier"),
                        "Bonne idée ! Pour les jardins de Saint-Jean, il nous en faudrait "
                        "trois. Je fais circuler la liste à la prochaine réunion.",
                        14,
                    ),
                ],
            ),
        ],
        consultation={
            "by": ("Nadia", "Chevalier"),
            "title": "Quels arbres pour l'avenue de la République ?",
            "question": (
                "Les platanes malades de l'avenue doivent être remplacés l'hiver prochain. "
                "Nous hésitons entre plusieurs essences, adaptées à la sécheresse :\n\n"
                "- tilleuls argentés ;\n"
                "- érables champêtres ;\n"
                "- un mélange d'essences locales (charme, érable, alisier).\n\n"
                "Qu'en pensez-vous ? Les pistes cyclables et le stationnement seront conservés."
            ),
            "days_ago": 40,
            "replies": [
                (
                    ("Olivier", "Garnier"),
                    "Le mélange d'essences locales, sans hésiter : c'est plus résistant aux "
                    "maladies et bien meilleur pour les oiseaux.",
                    38,
                ),
                (
                    ("Camille", "Durand"),
                    "D'accord avec Olivier. Pourrait-on aussi prévoir des pieds d'arbres "
                    "fleuris, entretenus par les riverains volontaires ?",
                    36,
                ),
            ],
            "answer": (
                "Merci pour vos nombreuses contributions, ici et lors de la réunion publique.\n\n"
                "La ville retient **un mélange d'essences locales** (charmes, érables champêtres "
                "et alisiers), plantés en décembre. Les pieds d'arbres seront ouverts aux "
                "riverains qui souhaitent les fleurir : une convention simple sera proposée en "
                "mairie à partir de janvier."
            ),
            "answered_days_ago": 20,
        },
    ),
    GroupSpec(
        name="Patrimoine et balades à Senlis",
        theme="culture",
        territory=("commune", "60612"),
        animator=("Claire", "Dubois"),
        members=[("Jeanne", "Lefebvre")],
        description=(
            "Visites, conférences et chantiers de bénévoles autour du patrimoine de Senlis : "
            "la cathédrale, les remparts, les hôtels particuliers et les lavoirs."
        ),
        rules=RULES,
        threads=[
            Thread(
                title="Journées du patrimoine : bilan et idées pour l'an prochain",
                posts=[
                    (
                        ("Claire", "Dubois"),
                        "Plus de 600 visiteurs sur nos deux circuits ! Merci aux guides "
                        "bénévoles. Pour l'an prochain, une balade pour les familles autour des "
                        "lavoirs vous paraît-elle une bonne idée ?",
                        30,
                    ),
                    (
                        ("Jeanne", "Lefebvre"),
                        "Oui ! Avec un petit livret-jeu pour les enfants, ce serait parfait. "
                        "Je peux aider à le rédiger.",
                        29,
                    ),
                ],
            ),
        ],
    ),
    GroupSpec(
        name="Réparer plutôt que jeter dans le Clermontois",
        theme="vie-associative",
        territory=("epci_of", "60157"),
        animator=("Bernard", "Lemaire"),
        members=[("Camille", "Durand")],
        description=(
            "Le Repair Café du Clermontois et tous ceux qui aiment réparer : dates des ateliers, "
            "pièces détachées, conseils et bonnes adresses."
        ),
        rules=RULES,
        join_policy="request",
        threads=[
            Thread(
                title="Prochain Repair Café : samedi 10 h, salle des fêtes de Clermont",
                pinned=True,
                posts=[
                    (
                        ("Bernard", "Lemaire"),
                        "Apportez vos petits appareils en panne, vêtements à recoudre et vélos "
                        "qui grincent. Entrée libre, café offert. Pensez à noter la marque et "
                        "le modèle de l'appareil : cela nous aide à trouver les pièces.",
                        4,
                    ),
                ],
            ),
        ],
    ),
    GroupSpec(
        name="Routes et transports dans l'Oise",
        theme="mobilite",
        territory=("departement", "60"),
        animator=("Hervé", "Dumont"),
        members=[("Thomas", "Petit"), ("Karim", "Benali")],
        description=(
            "Les routes départementales, les cars interurbains et le covoiturage à l'échelle "
            "du département."
        ),
        rules=RULES,
        threads=[
            Thread(
                title="Car Noyon – Compiègne : les horaires du matin",
                posts=[
                    (
                        ("Thomas", "Petit"),
                        "Le premier car arrive à Compiègne à 8 h 05 : trop tard pour les "
                        "lycéens qui commencent à 8 h. Un départ dix minutes plus tôt "
                        "changerait beaucoup de choses.",
                        3,
                    ),
                    (
                        ("Hervé", "Dumont"),
                        "Merci pour ce signalement précis. Je l'ai transmis au service des "
                        "transports du Département, qui prépare les horaires de la rentrée "
                        "prochaine. Je reviendrai vers vous ici.",
                        2,
                    ),
                ],
                recommended_by={1: [("Karim", "Benali")]},
            ),
        ],
    ),
]


def _territory(spec):
    kind, code = spec
    if kind == "epci_of":
        commune = Territory.objects.filter(kind=Territory.Kind.COMMUNE, code=code).first()
        return commune.ancestors().filter(kind=Territory.Kind.EPCI).first() if commune else None
    return Territory.objects.filter(kind=kind, code=code).first()


class _People:
    """Demo accounts by name, with the per-request caches of permissions kept fresh."""

    def __init__(self):
        self.model = get_user_model()

    def __call__(self, name):
        user = (
            self.model.objects.select_related("profile").filter(email__iexact=_email(*name)).first()
        )
        if user is None:
            raise LookupError(name)
        return user


def _at(days_ago, minutes=0):
    moment = timezone.now() - timedelta(days=days_ago) + timedelta(minutes=minutes)
    return moment.replace(second=0, microsecond=0)


def _backdate(post, when):
    Post.objects.filter(pk=post.pk).update(created_at=when)
    if post.is_opening:
        Discussion.objects.filter(pk=post.discussion_id).update(created_at=when)


def _thread(group, spec, person, group_animator):
    author, text, days = spec.posts[0]
    discussion = discussions.start_discussion(
        user=person(author), group=group, title=spec.title, body=text
    )
    posts = [discussion.posts.get()]
    _backdate(posts[0], _at(days))
    for index, (author, text, days) in enumerate(spec.posts[1:], start=1):
        post = discussions.reply(user=person(author), discussion=discussion, body=text)
        _backdate(post, _at(days, minutes=index))
        posts.append(post)
    for index, names in spec.recommended_by.items():
        for name in names:
            discussions.recommend(user=person(name), post=posts[index])
    if spec.pinned:
        discussions.set_pinned(user=person(group_animator), discussion=discussion, pinned=True)
    refresh_counters(discussion)
    return discussion


def _consultation(group, spec, person):
    opener = person(spec["by"])
    closes_at = None
    if "closes_in_days" in spec:
        closes_at = timezone.now() + timedelta(days=spec["closes_in_days"])
    consultation = discussions.open_consultation(
        user=opener,
        group=group,
        title=spec["title"],
        question=spec["question"],
        closes_at=closes_at,
    )
    opened = _at(spec.get("days_ago", 4))
    Consultation.objects.filter(pk=consultation.pk).update(opened_at=opened)
    _backdate(consultation.discussion.posts.get(), opened)
    for index, (name, text, days) in enumerate(spec["replies"]):
        post = discussions.reply(user=person(name), discussion=consultation.discussion, body=text)
        _backdate(post, _at(days, minutes=index))
    if "answer" in spec:
        discussions.close_consultation(user=opener, consultation=consultation)
        answered = _at(spec["answered_days_ago"])
        Consultation.objects.filter(pk=consultation.pk).update(
            closed_at=answered - timedelta(days=2)
        )
        consultation.refresh_from_db()
        discussions.publish_official_answer(
            user=opener, consultation=consultation, body=spec["answer"]
        )
        OfficialAnswer.objects.filter(consultation=consultation).update(published_at=answered)
    refresh_counters(consultation.discussion)
    if "answer" in spec:
        Discussion.objects.filter(pk=consultation.discussion_id).update(
            last_activity_at=_at(spec["answered_days_ago"])
        )


def _build_group(spec, person):
    territory = _territory(spec.territory)
    theme = Theme.objects.filter(slug=spec.theme).first()
    if territory is None or theme is None:
        return None
    animator = person(spec.animator)
    group = groups.create_group(
        user=animator,
        name=spec.name,
        description=spec.description,
        theme=theme,
        territory=territory,
        join_policy="open",
        rules_text=spec.rules,
    )
    for name in spec.members:
        groups.join_group(user=person(name), group=group)
    for thread in spec.threads:
        _thread(group, thread, person, spec.animator)
    if spec.consultation:
        _consultation(group, spec.consultation, person)
    if spec.join_policy != "open":
        CivicGroup.objects.filter(pk=group.pk).update(join_policy=spec.join_policy)
    latest = Discussion.objects.filter(group=group).order_by("-last_activity_at").first()
    CivicGroup.objects.filter(pk=group.pk).update(
        created_at=_at(60), last_activity_at=latest.last_activity_at if latest else _at(60)
    )
    Membership.objects.filter(group=group).update(joined_at=_at(45))
    return group


@transaction.atomic
def create_dialogue_demo(*, stdout=None, moderator=None):
    """Create the demo groups that are missing; return their names (empty on a second run)."""
    if not Territory.objects.filter(kind=Territory.Kind.DEPARTEMENT, code="60").exists():
        return []
    person = _People()
    try:
        person(GROUPS[0].animator)
    except LookupError:
        if moderator is None:
            moderator = get_user_model().objects.filter(is_superuser=True).first()
        if moderator is None:
            return []
        create_people_demo(moderator=moderator)
    created = []
    # Demo content is written in one go: no rate limit, no waiting for approval, nobody told.
    with (
        override_settings(CIVIC_POST_RATE="", CIVIC_FIRST_POSTS_NEED_APPROVAL=0),
        notifications.silence_announcements(),
    ):
        for spec in GROUPS:
            if CivicGroup.objects.filter(name=spec.name).exists():
                continue
            group = _build_group(spec, person)
            if group is not None:
                created.append(group.name)
                if stdout is not None:
                    stdout.write(f"  Groupe de démonstration : {group.name}")
    Notification.objects.filter(
        recipient__email__endswith=f"@{DEMO_DOMAIN}", sent_at__isnull=True
    ).update(sent_at=timezone.now(), last_error="démonstration : non envoyé")
    return created
