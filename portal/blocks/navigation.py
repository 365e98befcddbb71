"""Links staff order in the portal's settings: main menu, footer, social networks."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError

SOCIAL_NETWORKS = [
    ("mastodon", "Mastodon"),
    ("bluesky", "Bluesky"),
    ("peertube", "PeerTube"),
    ("facebook", "Facebook"),
    ("instagram", "Instagram"),
    ("linkedin", "LinkedIn"),
    ("youtube", "YouTube"),
    ("other", _("Autre")),
]


class MenuLinkBlock(blocks.StructBlock):
    page = blocks.PageChooserBlock(label=_("Page du portail"), required=False)
    url = blocks.URLBlock(label=_("ou adresse externe"), required=False)
    label = blocks.CharBlock(
        label=_("Libellé"),
        required=False,
        max_length=80,
        help_text=_("Par défaut, le titre de la page choisie."),
    )

    class Meta:
        icon = "link"
        label = _("Lien")

    def clean(self, value):
        value = super().clean(value)
        if bool(value.get("page")) == bool(value.get("url")):
            message = _(
                "Choisissez une page du portail ou saisissez une adresse externe, pas les deux."
            )
            raise StructBlockValidationError(
                block_errors={"page": ValidationError(message), "url": ValidationError(message)}
            )
        if value.get("url") and not value.get("label"):
            raise StructBlockValidationError(
                block_errors={
                    "label": ValidationError(
                        _("Donnez un libellé au lien vers une adresse externe.")
                    )
                }
            )
        return value


class SocialLinkBlock(blocks.StructBlock):
    network = blocks.ChoiceBlock(label=_("Réseau"), choices=SOCIAL_NETWORKS)
    url = blocks.URLBlock(label=_("Adresse"))
    label = blocks.CharBlock(
        label=_("Libellé"),
        required=False,
        max_length=80,
        help_text=_("Par défaut, le nom du réseau."),
    )

    class Meta:
        icon = "globe"
        label = _("Réseau social")
