"""A département-scale dataset, fast (bulk inserts), sized by a scale factor.

At scale 1: all communes of France, 50,000 accounts (2,000 associations, 800 elected officials),
3,000 groups, 200,000 discussion posts, 30,000 events (a tenth recurring), 2,000 news pages.
People live in the portal's département, weighted by commune population (a few big communes,
many small ones). Everything is created by this module; nothing is read from outside.
"""

import random
import time
from dataclasses import dataclass, field
from io import StringIO

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.core.management import call_command
from django.db import connection, transaction
from wagtail.models import Page

from civic.common.text import normalize
from civic.people.models import Profile
from civic.territories.models import Territory
from civic.territories.services import load_territories

BASE_COUNTS = {
    "accounts": 50_000,
    "associations": 2_000,
    "elected": 800,
    "groups": 3_000,
    "posts": 200_000,
    "events": 30_000,
    "news": 2_000,
    "polls": 100,
    "poll_answers": 500_000,
    "proposals": 20_000,
    "supports": 1_000_000,
    "petitions": 200,
    "signatures": 300_000,
    "street_reports": 200_000,
}
BATCH = 2_000
BENCH_DOMAIN = "bench.parvis.localhost"
BENCH_TAG = "bench"  # slugs and UIDs of the benchmark's groups, events and news
BENCH_PASSWORD = "bench-password-2026"

FIRST_NAMES = [
    "Camille",
    "Léa",
    "Manon",
    "Chloé",
    "Inès",
    "Jade",
    "Louise",
    "Emma",
    "Alice",
    "Lina",
    "Lucas",
    "Hugo",
    "Louis",
    "Gabriel",
    "Arthur",
    "Jules",
    "Adam",
    "Nathan",
    "Raphaël",
    "Noah",
    "Nadia",
    "Karim",
    "Aïcha",
    "Mehdi",
    "Sofia",
    "Yanis",
    "Martine",
    "Hervé",
    "Sylvie",
    "Bernard",
]
LAST_NAMES = [
    "Martin",
    "Bernard",
    "Thomas",
    "Petit",
    "Robert",
    "Richard",
    "Durand",
    "Dubois",
    "Moreau",
    "Laurent",
    "Simon",
    "Michel",
    "Lefebvre",
    "Leroy",
    "Roux",
    "David",
    "Bertrand",
    "Morel",
    "Fournier",
    "Girard",
    "Bonnet",
    "Dupont",
    "Lambert",
    "Fontaine",
    "Rousseau",
    "Vincent",
    "Benali",
    "Diallo",
    "Nguyen",
    "Garnier",
    "Chevalier",
    "Lemaire",
    "Marchand",
    "Duval",
]
ASSOCIATION_WORDS = [
    ("Amicale", "des habitants"),
    ("Club", "de randonnée"),
    ("Comité", "des fêtes"),
    ("Association", "sportive"),
    ("Atelier", "théâtre"),
    ("Chorale", "paroissiale"),
    ("Jardins partagés", ""),
    ("Repair Café", ""),
    ("Union", "musicale"),
    ("Foyer", "rural"),
]


@dataclass
class SeedReport:
    counts: dict = field(default_factory=dict)
    seconds: dict = field(default_factory=dict)


def bench_accounts():
    """The benchmark's accounts: their addresses are on BENCH_DOMAIN, never a real portal's."""
    return get_user_model().objects.filter(email__endswith="@" + BENCH_DOMAIN)


def seeded_scale():
    """The scale the database was seeded at, read from its number of accounts."""
    return round(bench_accounts().count() / BASE_COUNTS["accounts"], 3)


def scaled(scale):
    return {name: max(1, round(count * scale)) for name, count in BASE_COUNTS.items()}


class Seeder:
    def __init__(self, *, scale=1.0, departement="60", seed=2026, stdout=None):
        self.scale = scale
        self.counts = scaled(scale)
        self.departement_code = departement
        self.random = random.Random(seed)
        self.stdout = stdout
        self.report = SeedReport()

    def say(self, message):
        if self.stdout is not None:
            self.stdout.write(message)

    def step(self, name, function):
        started = time.perf_counter()
        count = function()
        self.report.seconds[name] = round(time.perf_counter() - started, 2)
        self.report.counts[name] = count
        self.say(f"  {name}: {count} en {self.report.seconds[name]} s")

    def run(self, extra_steps=()):
        self.step("territories", self.seed_territories)
        self.departement = Territory.objects.get(kind="departement", code=self.departement_code)
        communes = list(
            Territory.objects.within(self.departement).communes().only("id", "population")
        )
        self.communes = communes
        self.commune_weights = [max(c.population, 1) for c in communes]
        self.step("demo_portal", self.seed_portal)
        self.step("accounts", self.seed_accounts)
        for name, function in extra_steps:
            self.step(name, lambda function=function: function(self))
        self.step("statistics", self.update_statistics)
        return self.report

    def update_statistics(self):
        """VACUUM and ANALYZE, as autovacuum would after a while. Right after bulk inserts
        PostgreSQL still believes the tables nearly empty and picks nested loops; and until a
        table is vacuumed, a count cannot be read from an index alone."""
        with connection.cursor() as cursor:
            cursor.execute("VACUUM (ANALYZE)" if connection.vendor == "postgresql" else "ANALYZE")
        return 1

    def pick_communes(self, count):
        return self.random.choices(self.communes, weights=self.commune_weights, k=count)

    def seed_portal(self):
        """The demo portal (home page with its blocks, news index, settings), as `make run` has it."""
        call_command("setup_demo", "--departement", self.departement_code, stdout=StringIO())
        return Page.objects.count()

    def seed_territories(self):
        if Territory.objects.communes().count() < 34_000:
            load_territories(everything=True)
        return Territory.objects.count()

    @transaction.atomic
    def seed_accounts(self):
        user_model = get_user_model()
        existing = bench_accounts().count()
        wanted = self.counts["accounts"]
        if existing >= wanted:
            return existing
        password = make_password(BENCH_PASSWORD)
        associations = self.counts["associations"]
        elected = self.counts["elected"]
        offices = [
            Profile.Office.MAIRE,
            Profile.Office.ADJOINT,
            Profile.Office.CONSEILLER_MUNICIPAL,
        ]
        for start in range(existing, wanted, BATCH):
            stop = min(start + BATCH, wanted)
            names = [
                (self.random.choice(FIRST_NAMES), self.random.choice(LAST_NAMES))
                for _ in range(start, stop)
            ]
            users = user_model.objects.bulk_create(
                [
                    user_model(
                        username=f"u{n}@{BENCH_DOMAIN}",
                        email=f"u{n}@{BENCH_DOMAIN}",
                        first_name=first,
                        last_name=last,
                        password=password,
                    )
                    for n, (first, last) in zip(range(start, stop), names, strict=True)
                ],
                batch_size=BATCH,
            )
            if users and users[0].pk is None:  # SQLite before returning ids: read them back
                by_name = dict(
                    user_model.objects.filter(username__in=[u.username for u in users]).values_list(
                        "username", "pk"
                    )
                )
                for user in users:
                    user.pk = by_name[user.username]
            EmailAddress.objects.bulk_create(
                [EmailAddress(user=u, email=u.email, verified=True, primary=True) for u in users],
                batch_size=BATCH,
            )
            communes = self.pick_communes(len(users))
            profiles = []
            for n, user, commune in zip(range(start, stop), users, communes, strict=True):
                profile = Profile(user=user, home_commune=commune)
                display = f"{user.first_name} {user.last_name}"
                if n < associations:
                    prefix, suffix = self.random.choice(ASSOCIATION_WORDS)
                    profile.kind = Profile.Kind.ASSOCIATION
                    profile.status = Profile.Status.VERIFIED
                    profile.organisation_name = f"{prefix} {suffix} n° {n}".replace("  ", " ")
                    profile.rna = f"W60{n:07d}"
                    profile.purpose = (
                        "Vie associative locale, rencontres et activités ouvertes à tous."
                    )
                    profile.action_territory = commune
                    display = profile.organisation_name
                elif n < associations + elected:
                    profile.kind = Profile.Kind.ELECTED
                    profile.status = Profile.Status.VERIFIED
                    profile.office = self.random.choice(offices)
                    profile.mandate_territory = commune
                profile.display_name = display
                profile.search_text = normalize(
                    f"{display} {profile.organisation_name} {profile.purpose}"
                )
                profiles.append(profile)
            Profile.objects.bulk_create(profiles, batch_size=BATCH)
        return bench_accounts().count()
