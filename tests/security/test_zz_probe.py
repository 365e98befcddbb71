from django.test import Client

CASES = [
    ("/agenda/", {"vue": "mois", "mois": "0001-01"}),
    ("/agenda/", {"vue": "mois", "mois": "9999-12"}),
    ("/agenda/", {"end": "9999-12-31"}),
    ("/agenda/", {"start": "0001-01-01"}),
    ("/agenda/", {"start": "9999-12-31"}),
    ("/agenda/", {"end": "0001-01-01"}),
    ("/agenda/ical/", {"end": "9999-12-31"}),
    ("/agenda/ical/", {"start": "0001-01-01"}),
    ("/agenda/ical/", {"start": "9999-12-31"}),
    ("/agenda/", {"organiser": "999999999999999999"}),
    ("/agenda/", {"organiser": "groupe-999999999999999999"}),
    ("/annuaire/", {"territory": "99999999999999999999999"}),
    ("/groupes/", {"theme": "99999999999999999999999"}),
    ("/agenda/", {"territory": "99999999999999999999999"}),
    ("/recherche/", {"q": "a", "page": "99999999999999999999999"}),
    ("/agenda/", {"page": "99999999999999999999999"}),
    ("/profils/99999999999999999999999/", {}),
    ("/discussions/99999999999999999999999/", {}),
]


def test_probe(db):
    client = Client(raise_request_exception=True)
    failures = []
    for url, params in CASES:
        try:
            r = client.get(url, params)
            if r.status_code >= 500:
                failures.append((url, params, r.status_code))
        except Exception as e:
            failures.append((url, params, type(e).__name__, str(e)[:80]))
    for f in failures:
        print(f)
    assert not failures
