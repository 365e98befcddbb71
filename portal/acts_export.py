"""The acts' RSS feed and the deliberations as open data, in the SCDL « Délibérations » schema
(version 2.1.4, schema.data.gouv.fr/scdl/deliberations): one row per deliberation, its columns
in the schema's order. Rows are handed in: this module stays below the page models."""

import csv
import datetime
import io
import json

from django.http import HttpResponse
from django.utils import timezone

from civic.territories.settings import authority_name
from portal.feeds import IndexPageFeed

ACTS_FEED_SIZE = 30
SCDL_COLUMNS = [
    "COLL_NOM",
    "COLL_SIRET",
    "DELIB_ID",
    "DELIB_DATE",
    "DELIB_MATIERE_CODE",
    "DELIB_MATIERE_NOM",
    "DELIB_OBJET",
    "BUDGET_ANNEE",
    "BUDGET_NOM",
    "PREF_ID",
    "PREF_DATE",
    "VOTE_EFFECTIF",
    "VOTE_REEL",
    "VOTE_POUR",
    "VOTE_CONTRE",
    "VOTE_ABSTENTION",
    "DELIB_URL",
]


def _absolute(request, url):
    return request.build_absolute_uri(url)


def scdl_rows(index_page, deliberations, request):
    council = authority_name(request)
    for act in deliberations:
        yield {
            "COLL_NOM": council,
            "COLL_SIRET": index_page.siret,
            "DELIB_ID": act.number,
            "DELIB_DATE": act.act_date.isoformat(),
            "DELIB_MATIERE_CODE": act.matter_code,
            "DELIB_MATIERE_NOM": act.matter_name,
            "DELIB_OBJET": act.title,
            "BUDGET_ANNEE": act.budget_year,
            "BUDGET_NOM": act.budget_name,
            "PREF_ID": "",
            "PREF_DATE": act.prefecture_sent_on.isoformat() if act.prefecture_sent_on else "",
            "VOTE_EFFECTIF": act.votes_members,
            "VOTE_REEL": act.votes_cast,
            "VOTE_POUR": act.votes_for,
            "VOTE_CONTRE": act.votes_against,
            "VOTE_ABSTENTION": act.votes_abstention,
            "DELIB_URL": _absolute(request, act.document.url),
        }


def deliberations_csv(rows):
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=SCDL_COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({key: "" if value is None else value for key, value in row.items()})
    response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="deliberations.csv"'
    return response


def deliberations_json(rows):
    body = json.dumps(list(rows), ensure_ascii=False, indent=1)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="deliberations.json"'
    return response


class ActsRssFeed(IndexPageFeed):
    size = ACTS_FEED_SIZE

    def item_title(self, item):
        return f"{item.get_nature_display()} n° {item.number} — {item.title}"

    def item_description(self, item):
        return item.matter_name or item.get_nature_display()

    def item_guid(self, item):
        # A new version of an act is a new item: subscribers see the correction.
        stamp = item.online_at or item.act_date
        return f"{item.get_full_url(self.request)}#{stamp.isoformat()}"

    item_guid_is_permalink = False

    def item_pubdate(self, item):
        return item.online_at or timezone.make_aware(
            datetime.datetime.combine(item.act_date, datetime.time(8, 0))
        )
