from django.shortcuts import render

from civic.territories.models import Territory


def ceiling(request):
    """The benchmark's ceiling: Django rendering a small template after one query."""
    territory = Territory.objects.filter(kind=Territory.Kind.DEPARTEMENT).order_by("pk").first()
    return render(request, "bench/ceiling.html", {"territory": territory})
