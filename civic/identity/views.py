"""The public page that explains the levels of trust, and the page that refuses an action."""

from django.shortcuts import render

from civic.identity.levels import EXPLANATIONS, HOW_TO_REACH, Action, Requirement, TrustLevel
from civic.identity.permissions import level_of_user, required_levels


def levels(request):
    shown = [
        TrustLevel.DECLARED,
        TrustLevel.CERTIFIED,
        TrustLevel.ASSOCIATION,
        TrustLevel.ELECTED,
    ]
    requirements = required_levels()
    return render(
        request,
        "civic/identity/levels.html",
        {
            "levels": [
                {
                    "value": level.value,
                    "label": level.label,
                    "explanation": EXPLANATIONS[level],
                    "how": HOW_TO_REACH.get(level)
                    or (
                        HOW_TO_REACH[TrustLevel.ASSOCIATION] if level == TrustLevel.ELECTED else ""
                    ),
                }
                for level in shown
            ],
            "requirements": [
                (Action(action).label, Requirement(requirement).label)
                for action, requirement in requirements.items()
                if requirement != Requirement.DECLARED
            ],
            "my_level": TrustLevel(level_of_user(request.user)).label
            if request.user.is_authenticated
            else None,
        },
    )


def render_refusal(request, refusal):
    """The page shown instead of a form an action's level is lacking for (403)."""
    return render(request, "civic/identity/refused.html", {"refusal": refusal}, status=403)
