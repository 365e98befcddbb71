"""StreamField blocks for portal pages.

Each block renders through its own template in portal/templates/portal/blocks/.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.images.blocks import ImageChooserBlock

from portal.blocks.dialogue import LatestDiscussionsBlock, NearbyGroupsBlock, OpenConsultationsBlock
from portal.blocks.events import UpcomingEventsBlock
from portal.blocks.news import NewsBlock
from portal.blocks.participation import (
    MostSupportedProposalsBlock,
    OpenPetitionsBlock,
    RecentDecisionsBlock,
)
from portal.video import video_source


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("Titre"), max_length=200)
    level = blocks.ChoiceBlock(
        label=_("Niveau"),
        choices=[("h2", _("Titre de niveau 2")), ("h3", _("Titre de niveau 3"))],
        default="h2",
    )

    class Meta:
        icon = "title"
        label = _("Intertitre")
        template = "portal/blocks/heading_block.html"


class RichTextBlock(blocks.RichTextBlock):
    def __init__(self, **kwargs):
        kwargs.setdefault(
            "features", ["bold", "italic", "link", "document-link", "ol", "ul", "h3", "h4"]
        )
        super().__init__(**kwargs)

    class Meta:
        icon = "pilcrow"
        label = _("Texte")
        template = "portal/blocks/rich_text_block.html"


class ImageBlock(blocks.StructBlock):
    image = ImageChooserBlock(label=_("Image"))
    alt_text = blocks.CharBlock(
        label=_("Texte alternatif"),
        required=False,
        help_text=_("Décrit l'image pour qui ne la voit pas. Laisser vide si elle est décorative."),
    )
    caption = blocks.CharBlock(label=_("Légende"), required=False)
    credit = blocks.CharBlock(label=_("Crédit"), required=False)

    class Meta:
        icon = "image"
        label = _("Image")
        template = "portal/blocks/image_block.html"


class QuoteBlock(blocks.StructBlock):
    text = blocks.TextBlock(label=_("Citation"))
    author = blocks.CharBlock(label=_("Auteur ou autrice"), required=False)
    role = blocks.CharBlock(label=_("Fonction"), required=False)

    class Meta:
        icon = "openquote"
        label = _("Citation")
        template = "portal/blocks/quote_block.html"


class CallToActionBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Titre"), max_length=120)
    text = blocks.TextBlock(label=_("Texte"), required=False)
    page = blocks.PageChooserBlock(label=_("Page de destination"), required=False)
    url = blocks.URLBlock(label=_("ou adresse externe"), required=False)
    button_label = blocks.CharBlock(label=_("Libellé du bouton"), max_length=60)

    class Meta:
        icon = "link"
        label = _("Appel à l'action")
        template = "portal/blocks/call_to_action_block.html"

    def clean(self, value):
        value = super().clean(value)
        if not value.get("page") and not value.get("url"):
            message = _("Choisissez une page du portail ou saisissez une adresse externe.")
            raise StructBlockValidationError(
                block_errors={"page": ValidationError(message), "url": ValidationError(message)}
            )
        return value


class AccordionItemBlock(blocks.StructBlock):
    question = blocks.CharBlock(label=_("Question ou intitulé"), max_length=250)
    answer = RichTextBlock(label=_("Réponse"))


class AccordionBlock(blocks.StructBlock):
    """Questions and answers that open one by one, with <details>: no script needed."""

    title = blocks.CharBlock(label=_("Titre"), required=False, max_length=200)
    items = blocks.ListBlock(AccordionItemBlock(), label=_("Questions"), min_num=1)

    class Meta:
        icon = "list-ul"
        label = _("Questions fréquentes (accordéon)")
        template = "portal/blocks/accordion_block.html"


class KeyFigureBlock(blocks.StructBlock):
    value = blocks.CharBlock(label=_("Chiffre"), max_length=30, help_text=_("Par exemple : 12 500"))
    label = blocks.CharBlock(label=_("Ce qu'il mesure"), max_length=120)
    source = blocks.CharBlock(label=_("Source ou précision"), required=False, max_length=200)


class KeyFiguresBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Titre"), required=False, max_length=200)
    figures = blocks.ListBlock(KeyFigureBlock(), label=_("Chiffres"), min_num=1, max_num=8)

    class Meta:
        icon = "table"
        label = _("Chiffres clés")
        template = "portal/blocks/key_figures_block.html"


class VideoBlock(blocks.StructBlock):
    """A video from YouTube, Vimeo, Dailymotion or PeerTube: a poster and a link until the
    visitor clicks, so nothing is loaded from the host (nor any cookie set) before."""

    url = blocks.URLBlock(
        label=_("Adresse de la vidéo"),
        help_text=_(
            "La page de la vidéo sur YouTube, Vimeo, Dailymotion ou une instance PeerTube."
        ),
    )
    title = blocks.CharBlock(label=_("Titre de la vidéo"), max_length=200)
    poster = ImageChooserBlock(
        label=_("Image d'aperçu"),
        required=False,
        help_text=_("Hébergée sur le portail : aucune image n'est chargée depuis l'hébergeur."),
    )
    duration = blocks.CharBlock(label=_("Durée"), required=False, max_length=20)
    transcript = blocks.TextBlock(
        label=_("Transcription"),
        required=False,
        help_text=_("Le texte de la vidéo, pour qui ne peut pas l'écouter."),
    )

    class Meta:
        icon = "media"
        label = _("Vidéo")
        template = "portal/blocks/video_block.html"

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        context["source"] = video_source(value.get("url"))
        return context


class DocumentItemBlock(blocks.StructBlock):
    document = DocumentChooserBlock(label=_("Document"))
    title = blocks.CharBlock(
        label=_("Intitulé"), required=False, help_text=_("Par défaut, le titre du document.")
    )


class DocumentListBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Titre"), required=False, max_length=200)
    documents = blocks.ListBlock(DocumentItemBlock(), label=_("Documents"), min_num=1)

    class Meta:
        icon = "doc-full"
        label = _("Documents à télécharger")
        template = "portal/blocks/document_list_block.html"


class BaseStreamBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    paragraph = RichTextBlock()
    image = ImageBlock()
    quote = QuoteBlock()
    call_to_action = CallToActionBlock()
    accordion = AccordionBlock()
    key_figures = KeyFiguresBlock()
    video = VideoBlock()
    documents = DocumentListBlock()
    news = NewsBlock()
    upcoming_events = UpcomingEventsBlock()
    nearby_groups = NearbyGroupsBlock()
    latest_discussions = LatestDiscussionsBlock()
    open_consultations = OpenConsultationsBlock()
    most_supported_proposals = MostSupportedProposalsBlock()
    open_petitions = OpenPetitionsBlock()
    recent_decisions = RecentDecisionsBlock()
