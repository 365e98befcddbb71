"""Builders for test data that several test folders share."""

from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group, User

from civic.people.services import create_profile


def make_member(
    *, first_name, last_name, commune, email=None, confirmed=True, groups=(), **profile_fields
):
    email = email or f"{first_name}.{last_name}@exemple.fr".lower().replace(" ", "")
    user = User.objects.create_user(username=email, email=email, password="un-mot-de-passe-solide")
    EmailAddress.objects.create(user=user, email=email, verified=confirmed, primary=True)
    profile = create_profile(
        user=user, first_name=first_name, last_name=last_name, home_commune=commune
    )
    for name, value in profile_fields.items():
        setattr(profile, name, value)
    if profile_fields:
        profile.save()
    for group in groups:
        user.groups.add(Group.objects.get(name=group))
    return user


def page_text(response):
    """The response's HTML with entities decoded, so assertions read like the page."""
    import html

    return html.unescape(response.content.decode())
