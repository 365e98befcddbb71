"""No script from people ever reaches a page: classic payloads through every field they fill."""

from html.parser import HTMLParser

import pytest
from dialogue_helpers import fresh
from django.utils import timezone

from civic.common import richtext
from civic.dialogue.models.discussions import Consultation, Discussion, Post
from civic.dialogue.models.groups import CivicGroup
from civic.dialogue.services import discussions

PAYLOADS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "[clic](javascript:alert(1))",
    "[clic](JaVaScRiPt:alert(1))",
    "[clic](java\tscript:alert(1))",
    '<a href="javascript:alert(1)">clic</a>',
    "<svg onload=alert(1)>",
    '"><script>alert(1)</script>',
    "'><img src=x onerror=alert(1)>",
    '<iframe src="javascript:alert(1)"></iframe>',
    "<style>body{display:none}</style>",
    '<div style="background:url(javascript:alert(1))">x</div>',
    "<details open ontoggle=alert(1)>",
    "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    '<a href="https://ok.fr" onclick="alert(1)">ok</a>',
    '[ok](https://ok.fr" onmouseover="alert(1))',
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "javascript:alert(1)",
]
BODY = "\n\n".join(PAYLOADS)
DANGEROUS_TAGS = {"script", "iframe", "svg", "style", "img", "object", "embed", "math", "details"}


class Inspector(HTMLParser):
    """Collects what would run in a browser: event handlers, javascript: URLs, injected tags."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems = []
        self.stack = []

    def handle_starttag(self, tag, attrs):
        self.stack.append(tag)
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"<{tag} {name}=…>")
            compact = "".join((value or "").split()).lower()
            if "javascript:" in compact or compact.startswith("data:text/html"):
                self.problems.append(f"<{tag} {name}={value!r}>")
        if tag in DANGEROUS_TAGS and any(
            (value or "").startswith("x") or name in ("onerror", "onload") for name, value in attrs
        ):
            self.problems.append(f"<{tag}> injected")

    def handle_endtag(self, tag):
        if self.stack and self.stack[-1] == tag:
            self.stack.pop()

    def handle_data(self, data):
        if (
            self.stack
            and self.stack[-1] in ("script", "style")
            and ("alert(1)" in data or "display:none" in data)
        ):
            self.problems.append(f"<{self.stack[-1]}> {data[:40]!r}")


def assert_safe(response):
    assert response.status_code == 200, response.status_code
    inspector = Inspector()
    inspector.feed(response.content.decode())
    assert inspector.problems == [], response.request["PATH_INFO"]


@pytest.fixture(autouse=True)
def portal_in_the_oise(portal_territory):
    return portal_territory


@pytest.mark.parametrize("payload", PAYLOADS)
def test_each_payload_is_rendered_harmless(payload):
    inspector = Inspector()
    inspector.feed(f"<div>{richtext.render(payload)}</div>")
    assert inspector.problems == []


def test_payloads_through_every_field_leave_no_script_in_any_page(
    client, people, mobilite, creil, settings
):
    settings.CIVIC_POST_RATE = ""
    settings.CIVIC_FIRST_POSTS_NEED_APPROVAL = 0
    title = '"><script>alert(1)</script><img src=x onerror=alert(1)>'

    # A group: name, description, rules.
    client.force_login(people["member"])
    client.post(
        "/groupes/nouveau/",
        {
            "name": title,
            "description": BODY,
            "rules": BODY,
            "theme": mobilite.pk,
            "territory": creil.pk,
            "join_policy": "open",
        },
    )
    group = CivicGroup.objects.get(name=title)
    client.post(f"/groupes/{group.slug}/animation/", {"description": BODY, "rules": BODY})

    # A discussion, a reply, an edit.
    client.post(f"/groupes/{group.slug}/nouvelle-discussion/", {"title": title, "body": BODY})
    discussion = Discussion.objects.get(group=group)
    client.force_login(people["animator"])
    client.post(f"/groupes/{group.slug}/rejoindre/")
    client.post(f"/discussions/{discussion.pk}/repondre/", {"body": BODY})
    reply = Post.objects.get(discussion=discussion, is_opening=False)
    client.post(f"/messages/{reply.pk}/modifier/", {"body": BODY + "\n\n" + BODY})
    client.force_login(people["member"])
    opening = discussion.posts.get(is_opening=True)
    client.post(f"/messages/{opening.pk}/modifier/", {"title": title, "body": BODY})
    assert_safe(client.get(f"/messages/{opening.pk}/modifier/"))
    assert_safe(client.get(f"/groupes/{group.slug}/animation/"))

    # Reports of the post and of the group.
    client.force_login(people["non_member"])
    client.post(f"/messages/{reply.pk}/signaler/", {"reason": "other", "text": BODY})
    client.post(f"/groupes/{group.slug}/signaler/", {"reason": "other", "text": BODY})

    # A consultation and its official answer, a hiding reason.
    council = fresh(people["communication"])
    consultation = discussions.open_consultation(
        user=council, group=group, title=title, question=BODY
    )
    Consultation.objects.filter(pk=consultation.pk).update(closed_at=timezone.now())
    consultation.refresh_from_db()
    client.force_login(people["communication"])
    client.post(f"/discussions/{consultation.discussion_id}/reponse-officielle/", {"body": BODY})
    client.force_login(people["moderator"])
    client.post(f"/messages/{opening.pk}/masquer/", {"reason": title})
    assert Post.objects.filter(body=BODY).exists()  # everything above was really saved

    pages = [
        "/groupes/",
        f"/groupes/{group.slug}/",
        f"/discussions/{discussion.pk}/",
        f"/discussions/{consultation.discussion_id}/",
        "/consultations/",
        "/pres-de-chez-moi/",
        f"/messages/{reply.pk}/signaler/",
        f"/groupes/{group.slug}/animation/signalements/",
        "/annuaire/?kind=groupes",
    ]
    for viewer in (None, people["member"], people["animator"], people["moderator"]):
        client.logout()
        if viewer is not None:
            client.force_login(viewer)
        for url in pages:
            response = client.get(url)
            if response.status_code in (302, 403, 404):
                continue
            assert_safe(response)
    client.force_login(people["moderator"])
    for url in ("/admin/moderation/", "/admin/moderation/journal/"):
        assert_safe(client.get(url))
