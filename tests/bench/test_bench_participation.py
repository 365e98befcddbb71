"""The benchmark's proposals and petitions: seeded in bulk with their counters right, and the
participation pages it measures answer as a visitor's would."""

import pytest
from django.test import Client

from bench.participation import participation_targets, seed_petitions, seed_proposals
from bench.seed import Seeder
from civic.participation.models import (
    Petition,
    PetitionSignature,
    Proposal,
    ProposalCommuneCount,
    ProposalSupport,
)


@pytest.fixture
def seeder(oise, beauvais, creil):
    seeder = Seeder(scale=0.001)
    seeder.counts.update(accounts=40, associations=1, elected=1)
    seeder.counts.update(proposals=12, supports=120, petitions=3, signatures=30)
    seeder.departement = oise
    seeder.communes = [beauvais, creil]
    seeder.commune_weights = [1, 1]
    seeder.seed_accounts()
    return seeder


def test_seeding_writes_supports_and_signatures_with_their_counters_and_tops_up_only(seeder):
    assert seed_proposals(seeder) == 12
    assert seed_petitions(seeder) == 3
    assert ProposalSupport.objects.count() == sum(
        Proposal.objects.values_list("support_count", flat=True)
    )
    for proposal in Proposal.objects.all():
        split = ProposalCommuneCount.objects.filter(proposal=proposal)
        assert sum(split.values_list("supports", flat=True)) == proposal.support_count
    assert PetitionSignature.objects.count() == 30
    assert all(p.online_count == 10 and p.status == "open" for p in Petition.objects.all())
    assert seed_proposals(seeder) == 12 and ProposalSupport.objects.count() <= 120


def test_the_participation_targets_answer_and_a_second_run_measures_the_same(seeder):
    seed_proposals(seeder)
    seed_petitions(seeder)
    from bench.targets import the_bench_visitor

    visitor = the_bench_visitor()
    member = Client()
    member.force_login(visitor)
    for _run in range(2):
        targets = {t.name: t for t, _reason in participation_targets(visitor) if t}
        assert set(targets) == {
            "proposals_filtered",
            "proposal",
            "proposal_support",
            "petition",
            "petition_sign",
        }
        for name in ("proposals_filtered", "proposal", "petition"):
            assert Client().get(targets[name].path).status_code == 200
        before = Proposal.objects.get(pk=targets["proposal"].path.split("/")[2]).support_count
        assert member.post(targets["proposal_support"].path).status_code == 302
        after = Proposal.objects.get(pk=targets["proposal"].path.split("/")[2]).support_count
        assert after == before + 1
        sign = targets["petition_sign"]
        assert member.post(sign.path, sign.body).status_code == 302
        assert PetitionSignature.objects.filter(user=visitor).count() == 1
