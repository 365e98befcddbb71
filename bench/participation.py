"""The benchmark's proposals and petitions, in bulk, and the pages of participation it measures.

At scale 1: 20,000 proposals with 1 million supports (a few popular ones, many with a handful),
200 petitions with 300,000 signatures. Counters (a proposal's supports and their split by
commune, a petition's online and paper signatures) are written with the rows, as the services
keep them.
"""

import datetime
from collections import Counter

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from bench.seed import BATCH, bench_accounts
from civic.dialogue.models.groups import Theme
from civic.participation.models import (
    Electorate,
    Petition,
    PetitionSignature,
    Proposal,
    ProposalCommuneCount,
    ProposalSupport,
    SupportThreshold,
    quarter_of,
)
from civic.participation.services import petition_threshold

PROPOSAL_BODY = (
    "Installer des bancs, des arceaux à vélos et un point d'eau près de l'école, pour que les "
    "familles puissent attendre à l'ombre et que les enfants viennent à vélo en sécurité."
)
PETITION_BODY = (
    "Nous demandons que l'assemblée organise une consultation des électeurs sur l'avenir de la "
    "piscine intercommunale et de ses horaires d'ouverture."
)
THRESHOLD = 300


def _supporter_counts(rng, proposals, supports):
    """How many supports each proposal gets: a long tail, summing to `supports`."""
    weights = [1.0 / (1 + rank) ** 0.8 for rank in range(proposals)]
    rng.shuffle(weights)
    total = sum(weights)
    counts = [int(supports * w / total) for w in weights]
    counts[0] += supports - sum(counts)
    return counts


def seed_proposals(seeder):
    """Top the proposals up to `seeder.counts["proposals"]`, with their supports."""
    wanted, supports = seeder.counts["proposals"], seeder.counts["supports"]
    existing = Proposal.objects.count()
    if existing >= wanted:
        return existing
    rng = seeder.random
    users = list(bench_accounts().order_by("pk").values_list("pk", "profile__home_commune_id"))
    themes = list(Theme.objects.values_list("pk", flat=True))
    departement = seeder.departement
    SupportThreshold.objects.get_or_create(territory=departement, defaults={"supports": THRESHOLD})
    per_proposal = _supporter_counts(
        rng, wanted - existing, supports * (wanted - existing) // wanted
    )
    now = timezone.now()
    statuses = [s for s, _label in Proposal.Status.choices]
    with transaction.atomic():
        for start in range(0, len(per_proposal), BATCH):
            batch = per_proposal[start : start + BATCH]
            communes = seeder.pick_communes(len(batch))
            proposals = []
            for offset, (count, commune) in enumerate(zip(batch, communes, strict=True)):
                n = existing + start + offset
                count = min(count, len(users))
                # One in ten for the whole département, gathering supports: every bench account
                # may support it. One in five of the others is further along.
                whole = n % 10 == 0
                status = (
                    rng.choice(statuses) if n % 5 == 0 and not whole else Proposal.Status.SUBMITTED
                )
                proposals.append(
                    Proposal(
                        author_id=users[n % len(users)][0],
                        title=f"Proposition n° {n} : des bancs et des arceaux près de l'école",
                        body=PROPOSAL_BODY,
                        theme_id=themes[n % len(themes)],
                        territory=departement if whole else commune,
                        status=status,
                        support_count=count,
                        threshold=THRESHOLD,
                        reached_at=now if count >= THRESHOLD else None,
                        created_at=now - datetime.timedelta(minutes=n),
                        status_changed_at=now - datetime.timedelta(minutes=n),
                    )
                )
            Proposal.objects.bulk_create(proposals, batch_size=BATCH)
            if proposals[0].pk is None:  # SQLite before returning ids
                proposals = list(Proposal.objects.order_by("-pk")[: len(proposals)])[::-1]
            rows, split = [], []
            for proposal in proposals:
                supporters = rng.sample(users, proposal.support_count)
                by_commune = Counter(commune for _user, commune in supporters)
                rows += [
                    ProposalSupport(proposal=proposal, user_id=user, commune_id=commune)
                    for user, commune in supporters
                ]
                split += [
                    ProposalCommuneCount(proposal=proposal, commune_id=commune, supports=count)
                    for commune, count in by_commune.items()
                ]
                if len(rows) >= 20 * BATCH:
                    ProposalSupport.objects.bulk_create(rows, batch_size=BATCH)
                    rows = []
            ProposalSupport.objects.bulk_create(rows, batch_size=BATCH)
            ProposalCommuneCount.objects.bulk_create(split, batch_size=BATCH)
    return Proposal.objects.count()


def seed_petitions(seeder):
    """Top the petitions up to `seeder.counts["petitions"]`, with their signatures."""
    wanted, signatures = seeder.counts["petitions"], seeder.counts["signatures"]
    existing = Petition.objects.count()
    if existing >= wanted:
        return existing
    each = max(1, signatures // wanted)
    departement = seeder.departement
    today = timezone.localdate()
    # Voters enough that every petition stays open (a twentieth above what it gathers).
    voters = 20 * (each + 10)
    Electorate.objects.update_or_create(
        territory=departement,
        defaults={"registered_voters": voters, "roll_date": today.replace(day=1)},
    )
    users = list(bench_accounts().order_by("pk").values_list("pk", flat=True))
    communes = [c.pk for c in seeder.communes]
    quarter = quarter_of(today)
    counter = PetitionSignature.objects.count()
    with transaction.atomic():
        for n in range(existing, wanted):
            petition = Petition.objects.create(
                author_id=users[n % len(users)],
                collectivity=departement,
                kind=Petition.Kind.CONSULTATION,
                title=f"Pétition n° {n} : consulter les habitants sur la piscine",
                body=PETITION_BODY,
                registered_voters=voters,
                roll_date=today.replace(day=1),
                threshold=petition_threshold(departement, voters),
                online_count=each,
            )
            rows = []
            for k in range(each):
                counter += 1
                rows.append(
                    PetitionSignature(
                        petition=petition,
                        collectivity=departement,
                        # Earlier quarters: one voter per quarter and collectivity still holds.
                        quarter=quarter - 1 - (counter % 7),
                        last_name=f"Nom{counter}",
                        first_names="Prénom",
                        birth_date=datetime.date(1950 + k % 50, 1 + k % 12, 1 + k % 28),
                        commune_id=communes[counter % len(communes)],
                        voter_key=f"bench|{counter}",
                    )
                )
            PetitionSignature.objects.bulk_create(rows, batch_size=BATCH)
    return Petition.objects.count()


def participation_steps():
    return [("proposals", seed_proposals), ("petitions", seed_petitions)]


def participation_targets(bench_user):
    """The proposals list (filtered), the most supported proposal, supporting it signed in, a
    petition, signing it signed in. The visitor's support and signature of an earlier run are
    removed first, so that every run measures the same thing. One person supports a proposal and
    signs a petition once: under load, the requests after the first are refused as a second
    support or a second signature in the quarter, with their French message — the load measures
    the checks and the page every such request costs."""
    from bench.targets import Target

    proposal = (
        Proposal.objects.filter(territory__kind="departement", status=Proposal.Status.SUBMITTED)
        .order_by("-support_count", "pk")
        .first()
    )
    petition = Petition.objects.open().order_by("pk").first()
    if proposal is None or petition is None:
        return [(None, "participation: no proposal or petition seeded")]
    theme = proposal.theme.slug
    if bench_user is not None:
        _forget_visit(bench_user, proposal, petition)
    commune = getattr(getattr(bench_user, "profile", None), "home_commune_id", None)
    return [
        (
            Target(
                "proposals_filtered",
                f"/propositions/?territory={proposal.territory_id}&theme={theme}&sort=soutiens",
            ),
            "",
        ),
        (Target("proposal", proposal.get_absolute_url()), ""),
        (
            Target(
                "proposal_support",
                proposal.get_absolute_url() + "soutenir/",
                signed_in=True,
                method="POST",
                anonymous_page=False,
                written=ProposalSupport.objects.count,
            ),
            "",
        ),
        (Target("petition", petition.get_absolute_url()), ""),
        (
            Target(
                "petition_sign",
                petition.get_absolute_url() + "signer/",
                signed_in=True,
                method="POST",
                body={
                    "last_name": "Banc",
                    "first_names": "Visiteur",
                    "birth_date": "1980-01-01",
                    "commune": commune or "",
                    "declaration": "on",
                },
                anonymous_page=False,
                written=PetitionSignature.objects.count,
            ),
            "",
        ),
    ]


def _forget_visit(user, proposal, petition):
    from civic.participation.services import _forget_support

    with transaction.atomic():
        for row in ProposalSupport.objects.filter(user=user, proposal=proposal):
            _forget_support(row)
        for signature in PetitionSignature.objects.filter(user=user, petition=petition):
            Petition.objects.filter(pk=petition.pk).update(online_count=F("online_count") - 1)
            signature.delete()
