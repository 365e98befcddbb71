"""Builders for test data that several test folders share."""

import html

from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group, User

from civic.dialogue.models.groups import Theme
from civic.dialogue.services import groups as group_services
from civic.people.services import create_profile
from portal.models import ContactFormField, ContactPage


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


def make_group(
    *,
    user,
    territory,
    name="Vélo à Creil",
    description="Pour circuler à vélo.",
    theme=None,
    members=(),
    **fields,
):
    """An open group that `user` creates (and animates) in `territory`, with the theme
    « mobilité » unless told, joined by `members`."""
    group = group_services.create_group(
        user=user,
        name=name,
        description=description,
        theme=theme or Theme.objects.get(slug="mobilite"),
        territory=territory,
        join_policy="open",
        **fields,
    )
    for member in members:
        group_services.join_group(user=member, group=group)
    return group


def page_text(response):
    """The response's HTML with entities decoded, so assertions read like the page."""

    return html.unescape(response.content.decode())


def signup_data(**overrides):
    """What Camille Lefèvre, of Beauvais, fills in to sign up."""
    return {
        "first_name": "Camille",
        "last_name": "Lefèvre",
        "email": "camille.lefevre@exemple.fr",
        "password1": "Marais-de-Sacy-2026",
        "home_commune": "Beauvais",
        "accept_charter": "on",
        **overrides,
    }


def make_contact_page(parent, *, slug="nous-ecrire"):
    """« Nous écrire », published under `parent`: a name, an email and a message, all required."""
    page = ContactPage(
        title="Nous écrire",
        slug=slug,
        to_address="accueil@parvis.localhost",
        from_address="ne-pas-repondre@parvis.localhost",
        subject="Message du portail",
        thank_you_text="<p>Merci, nous vous répondrons sous huit jours.</p>",
    )
    parent.add_child(instance=page)
    for order, (label, field_type) in enumerate(
        [("Votre nom", "singleline"), ("Votre courriel", "email"), ("Votre message", "multiline")]
    ):
        ContactFormField.objects.create(
            page=page, sort_order=order, label=label, field_type=field_type, required=True
        )
    page.save_revision().publish()
    return page
