"""@mentions: « @Prénom Nom » in a post tells that member, if they may read it.

A mention is an @ followed by up to four words; the longest run of those words that is exactly
(case aside) a member's displayed name wins. The same reading runs when the post is saved (to
tell the author which names matched nobody or several people) and when it is announced (to
write the notifications).
"""

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.db.models import Q

from civic.common.text import normalize
from civic.dialogue import permissions as rules
from civic.people.models import Profile

if TYPE_CHECKING:
    from django.contrib.auth.models import User

    from civic.dialogue.models.discussions import Post

MAX_MENTIONS = 20
MAX_WORDS = 4
_WORD = r"[^\W\d_][\w'’.-]*"
# « @Prénom Nom », optionally « (Commune) » after it to tell two namesakes apart.
_MENTION = re.compile(
    rf"(?<![\w@/])@({_WORD}(?:[ \u00a0]{_WORD}){{0,{MAX_WORDS - 1}}})(?:[ \u00a0]?\(([^()]{{1,80}})\))?"
)


@dataclass
class Mentions:
    users: list["User"] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)
    ambiguous: list[str] = field(default_factory=list)


def _prefixes(words: list[str]) -> list[str]:
    return [" ".join(words[:n]) for n in range(len(words), 0, -1)]


def resolve(text: str) -> Mentions:
    """The members named in `text` (one query), and the names that matched nobody or several."""
    found = Mentions()
    chunks = [
        (m.group(1).replace("\u00a0", " ").rstrip(".-'’"), normalize(m.group(2) or ""))
        for m in _MENTION.finditer(text or "")
    ][:MAX_MENTIONS]
    if not chunks:
        return found
    match = Q()
    for chunk, _commune in chunks:
        for prefix in _prefixes(chunk.split(" ")):
            match |= Q(display_name__iexact=prefix)
    by_name: dict[str, list[Profile]] = {}
    profiles = Profile.objects.filter(match, user__is_active=True).select_related(
        "user", "home_commune"
    )
    for profile in profiles[: MAX_MENTIONS * 10]:
        by_name.setdefault(profile.display_name.casefold(), []).append(profile)
    seen: set[int] = set()
    for chunk, commune in chunks:
        words = chunk.split(" ")
        for prefix in _prefixes(words):
            named = by_name.get(prefix.casefold())
            if not named:
                continue
            if len(named) > 1 and commune and prefix == chunk:
                named = [
                    p for p in named if p.home_commune and p.home_commune.search_name == commune
                ]
            if len(named) != 1:
                found.ambiguous.append(prefix)
            elif named[0].user_id not in seen:
                seen.add(named[0].user_id)
                found.users.append(named[0].user)
            break
        else:
            found.unknown.append(" ".join(words[:2]))
    return found


def mentioned_readers(post: "Post") -> list["User"]:
    """Those `post` mentions who may read it, its author aside."""
    discussion = post.discussion
    return [
        user
        for user in resolve(post.body).users
        if user.pk != post.author_id and rules.can_view_discussion(user, discussion)
    ]
