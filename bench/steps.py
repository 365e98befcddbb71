"""Seeding steps for groups, discussions, events, news and street reports, in bulk.

Texts are a few credible French variants rendered once and reused: the benchmark measures the
pages, not Markdown.
"""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from agenda import ical
from agenda.models import Event, EventCategory, Occurrence
from agenda.services.occurrences import last_end, occurrences_for
from bench.news import seed_news
from bench.participation import participation_steps
from bench.polls import seed_polls
from bench.reports import seed_street_reports
from bench.seed import BATCH, BENCH_TAG, bench_accounts
from civic.common import richtext
from civic.common.text import normalize
from civic.dialogue.models.discussions import Discussion, Post
from civic.dialogue.models.groups import CivicGroup, Membership, Theme
from civic.people.models import Profile

GROUP_TOPICS = [
    "Mobilité douce",
    "Jardins et nature en ville",
    "Vie du quartier",
    "Parents d'élèves",
    "Culture et patrimoine",
    "Sport pour tous",
    "Solidarité entre voisins",
    "Urbanisme et cadre de vie",
]
DISCUSSION_TITLES = [
    "Horaires de la ligne de bus du matin",
    "Piste cyclable le long de la rivière",
    "Fête de quartier de juin : qui participe ?",
    "Éclairage public rue des Écoles",
    "Jardin partagé : inscriptions ouvertes",
    "Stationnement devant l'école",
]
POST_TEXTS = [
    "Bonjour à tous, je relance le sujet : **qui serait disponible** samedi matin ?",
    "Merci pour ces informations. La mairie a confirmé la date, voir https://www.oise.fr/",
    "Je partage l'avis de Camille : il faudrait *au moins* un passage de plus le soir.",
    "Pour info :\n\n- réunion publique jeudi à 19 h\n- salle des fêtes\n- ouverte à tous",
    "Bonne idée ! Je peux apporter des outils et des graines pour le jardin.",
]
POST_HTML = [richtext.render(text) for text in POST_TEXTS]

EVENT_TITLES = [
    "Concert de l'harmonie municipale",
    "Marché de producteurs",
    "Repair café",
    "Conférence sur l'histoire locale",
    "Tournoi de football des jeunes",
    "Exposition de peinture",
    "Atelier compostage",
    "Réunion publique sur le PLU",
    "Fête de la Saint-Jean",
    "Balade à vélo",
]


def seed_groups(seeder):
    if CivicGroup.objects.filter(slug__startswith=f"{BENCH_TAG}-").exists():
        return CivicGroup.objects.filter(slug__startswith=f"{BENCH_TAG}-").count()
    themes = list(Theme.objects.all()) or [
        Theme.objects.create(name="Vie locale", slug="vie-locale")
    ]
    users = list(_bench_users(seeder).values_list("pk", flat=True))
    rng = seeder.random
    count = seeder.counts["groups"]
    now = timezone.now()
    with transaction.atomic():
        groups = []
        for n, commune in enumerate(seeder.pick_communes(count)):
            name = f"{rng.choice(GROUP_TOPICS)} — {n}"
            description = "Un groupe pour échanger, s'entraider et proposer des idées à la commune."
            groups.append(
                CivicGroup(
                    name=name,
                    slug=f"{BENCH_TAG}-{slugify(name)}",
                    description=description,
                    description_html=richtext.render(description),
                    theme=rng.choice(themes),
                    territory=commune,
                    created_by_id=rng.choice(users),
                    created_at=now - timedelta(days=rng.randint(30, 900)),
                    last_activity_at=now - timedelta(minutes=rng.randint(1, 60 * 24 * 90)),
                    search_text=normalize(f"{name} {description}"),
                )
            )
        CivicGroup.objects.bulk_create(groups, batch_size=BATCH)
        groups = list(
            CivicGroup.objects.filter(slug__startswith=f"{BENCH_TAG}-").only("pk", "created_by_id")
        )
        memberships = []
        for group in groups:
            members = {
                group.created_by_id,
                *rng.sample(users, k=min(len(users), rng.randint(3, 25))),
            }
            for user_id in members:
                role = (
                    Membership.Role.ANIMATOR
                    if user_id == group.created_by_id
                    else Membership.Role.MEMBER
                )
                memberships.append(Membership(group_id=group.pk, user_id=user_id, role=role))
        Membership.objects.bulk_create(memberships, batch_size=BATCH, ignore_conflicts=True)
    return len(groups)


def seed_discussions(seeder):
    """`posts` posts over discussions of about ten posts, plus one discussion of 1,000 posts."""
    groups = list(
        CivicGroup.objects.filter(slug__startswith=f"{BENCH_TAG}-").values_list("pk", flat=True)
    )
    if Discussion.objects.filter(group_id__in=groups[:1]).exists():
        return Post.objects.filter(discussion__group_id__in=groups).count()
    users = list(_bench_users(seeder).values_list("pk", flat=True))
    rng = seeder.random
    total = seeder.counts["posts"]
    long_thread = min(1_000, total // 2)
    per_discussion = 10
    discussion_count = max(1, (total - long_thread) // per_discussion)
    now = timezone.now()
    with transaction.atomic():
        discussions = [
            Discussion(
                group_id=rng.choice(groups),
                title=rng.choice(DISCUSSION_TITLES),
                author_id=rng.choice(users),
                created_at=now - timedelta(days=rng.randint(1, 365)),
                last_activity_at=now - timedelta(minutes=rng.randint(1, 60 * 24 * 60)),
                reply_count=per_discussion - 1,
            )
            for _ in range(discussion_count)
        ]
        discussions.append(
            Discussion(
                group_id=groups[-1],
                title="Grand débat : l'avenir de la ligne de bus 12",
                author_id=users[0],
                created_at=now - timedelta(days=200),
                last_activity_at=now,
                reply_count=long_thread - 1,
            )
        )
        Discussion.objects.bulk_create(discussions, batch_size=BATCH)
        ids = list(
            Discussion.objects.filter(group_id__in=groups)
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        sizes = [per_discussion] * (len(ids) - 1) + [long_thread]
        created = 0
        batch = []
        for discussion_id, size in zip(ids, sizes, strict=True):
            start = now - timedelta(days=rng.randint(2, 300))
            for position in range(size):
                variant = rng.randrange(len(POST_TEXTS))
                batch.append(
                    Post(
                        discussion_id=discussion_id,
                        author_id=rng.choice(users),
                        is_opening=position == 0,
                        body=POST_TEXTS[variant],
                        body_html=POST_HTML[variant],
                        created_at=start + timedelta(minutes=position * 17),
                    )
                )
            if len(batch) >= BATCH:
                Post.objects.bulk_create(batch, batch_size=BATCH)
                created += len(batch)
                batch = []
        Post.objects.bulk_create(batch, batch_size=BATCH)
        created += len(batch)
    return created


def seed_events(seeder):
    """Events in bulk, with their occurrences and their feeds' VEVENTs, as the services write
    them (a database seeded before the VEVENTs were kept gets them here)."""
    existing = Event.objects.filter(uid__endswith=f"@{BENCH_TAG}.parvis.localhost")
    if existing.exists():
        ical.refresh_stored_vevents()
        return existing.count()
    categories = list(EventCategory.objects.all()) or [
        EventCategory.objects.create(name="Fête", slug="fete")
    ]
    organisers = list(
        Profile.objects.filter(kind=Profile.Kind.ASSOCIATION, status=Profile.Status.VERIFIED)
        .filter(user__email__endswith="@bench.parvis.localhost")
        .values_list("pk", "user_id")
    )
    rng = seeder.random
    count = seeder.counts["events"]
    now = timezone.localtime()
    created = 0
    with transaction.atomic():
        for start_index in range(0, count, BATCH):
            stop = min(start_index + BATCH, count)
            events, planned = [], {}
            for n in range(start_index, stop):
                title = f"{rng.choice(EVENT_TITLES)} n° {n}"
                starts = (now + timedelta(days=rng.randint(-10, 120))).replace(
                    hour=rng.choice([10, 14, 18, 20]), minute=0, second=0, microsecond=0
                )
                profile_id, user_id = rng.choice(organisers)
                recurring = n % 10 == 0
                event = Event(
                    title=title,
                    slug=slugify(title)[:220],
                    description="<p>Ouvert à toutes et à tous, entrée libre.</p>",
                    category=rng.choice(categories),
                    starts_at=starts,
                    ends_at=starts + timedelta(hours=2),
                    rrule="FREQ=WEEKLY;COUNT=12" if recurring else "",
                    venue_name="Salle des fêtes",
                    venue_address="Place de la Mairie",
                    commune=seeder.pick_communes(1)[0],
                    is_free=n % 3 != 0,
                    price="" if n % 3 != 0 else "5 €",
                    wheelchair_accessible=n % 4 == 0,
                    organiser_kind=Event.OrganiserKind.PROFILE,
                    organiser_profile_id=profile_id,
                    created_by_id=user_id,
                    status=Event.Status.CANCELLED if n % 97 == 0 else Event.Status.PUBLISHED,
                    published_at=now,
                    uid=f"bench-{n}@{BENCH_TAG}.parvis.localhost",
                )
                # Its occurrences computed once, before it has a key, for its last end.
                planned[event.uid] = occurrences_for(event)
                event.last_ends_at = last_end(planned[event.uid])
                events.append(event)
            Event.objects.bulk_create(events, batch_size=BATCH)
            saved = list(
                Event.objects.filter(uid__in=[e.uid for e in events]).select_related(
                    "category", "commune"
                )
            )
            rows = []
            for event in saved:
                for occurrence in planned[event.uid]:
                    occurrence.event = event
                    rows.append(occurrence)
            Occurrence.objects.bulk_create(rows, batch_size=BATCH)
            ical.store_vevents(saved)
            created += len(saved)
    return created


def _bench_users(seeder):
    return bench_accounts().order_by("pk")


def extra_steps():
    return [
        ("groups", seed_groups),
        ("posts", seed_discussions),
        ("events", seed_events),
        ("news", seed_news),
        ("polls", seed_polls),
        *participation_steps(),
        ("street_reports", seed_street_reports),
    ]
