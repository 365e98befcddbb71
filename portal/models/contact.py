"""The contact page: a form staff build in the admin (Wagtail forms), protected from robots."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.forms.models import AbstractEmailForm, AbstractFormField
from wagtail.contrib.forms.panels import FormSubmissionsPanel
from wagtail.fields import RichTextField

from portal.forms import HONEYPOT_FIELD, SpamProtectedForm


class ContactFormField(AbstractFormField):
    page = ParentalKey("portal.ContactPage", on_delete=models.CASCADE, related_name="form_fields")


class ContactPage(AbstractEmailForm):
    introduction = RichTextField(
        _("introduction"), blank=True, features=["bold", "italic", "link", "ul"]
    )
    thank_you_text = RichTextField(
        _("message de remerciement"),
        blank=True,
        features=["bold", "italic", "link"],
        help_text=_("Affiché après l'envoi du formulaire."),
    )

    content_panels = [
        *AbstractEmailForm.content_panels,
        FormSubmissionsPanel(),
        FieldPanel("introduction"),
        InlinePanel("form_fields", label=_("champs du formulaire")),
        FieldPanel("thank_you_text"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("from_address"), FieldPanel("to_address")]),
                FieldPanel("subject"),
            ],
            heading=_("Envoi par courriel"),
        ),
    ]

    parent_page_types = ["portal.HomePage", "portal.SectionPage", "portal.StandardPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("page de contact")
        verbose_name_plural = _("pages de contact")

    def get_form_class(self):
        fields = self.form_builder(self.get_form_fields()).formfields
        return type("ContactForm", (SpamProtectedForm,), fields)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["honeypot_name"] = HONEYPOT_FIELD
        return context
