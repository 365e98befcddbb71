"""What an import did, told in French: kept on the calendar source and shown to its owner."""

from dataclasses import asdict, dataclass, field
from typing import Any, Self

from django.utils.translation import gettext as _
from django.utils.translation import ngettext


@dataclass
class ImportReport:
    # A reason that stopped the whole import (nothing was changed), or "".
    error: str = ""
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    cancelled: list[str] = field(default_factory=list)
    restored: list[str] = field(default_factory=list)
    unchanged: int = 0
    skipped_past: int = 0
    # [title or UID, reason] for every event refused.
    refused: list[list[str]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    submitted_for_review: bool = False

    def refuse(self, label: str, reason: str) -> None:
        self.refused.append([label, reason])

    def note(self, text: str) -> None:
        if text not in self.notes:
            self.notes.append(text)

    @property
    def failed(self) -> bool:
        return bool(self.error)

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated or self.cancelled or self.restored)

    def sections(self) -> list[tuple[str, list[str]]]:
        """(heading, titles) of what changed, for the report's page."""
        return [
            (_("Ajoutés"), self.created),
            (_("Modifiés"), self.updated),
            (_("Rétablis"), self.restored),
            (_("Annulés"), self.cancelled),
        ]

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any] | None) -> Self:
        known = {k: v for k, v in (data or {}).items() if k in cls.__dataclass_fields__}
        return cls(**known)

    def summary(self) -> str:
        """One French sentence: « 12 événements ajoutés, 3 modifiés, 1 annulé, 2 refusés. »"""
        if self.error:
            return _("Import impossible : %(error)s Aucun événement n'a été modifié.") % {
                "error": self.error
            }
        parts = []
        if self.created:
            parts.append(
                ngettext("%(n)d événement ajouté", "%(n)d événements ajoutés", len(self.created))
                % {"n": len(self.created)}
            )
        if self.updated:
            parts.append(
                ngettext("%(n)d modifié", "%(n)d modifiés", len(self.updated))
                % {"n": len(self.updated)}
            )
        if self.restored:
            parts.append(
                ngettext("%(n)d rétabli", "%(n)d rétablis", len(self.restored))
                % {"n": len(self.restored)}
            )
        if self.cancelled:
            parts.append(
                ngettext("%(n)d annulé", "%(n)d annulés", len(self.cancelled))
                % {"n": len(self.cancelled)}
            )
        if self.unchanged:
            parts.append(
                ngettext("%(n)d inchangé", "%(n)d inchangés", self.unchanged)
                % {"n": self.unchanged}
            )
        if self.refused:
            parts.append(
                ngettext("%(n)d refusé", "%(n)d refusés", len(self.refused))
                % {"n": len(self.refused)}
            )
        if self.skipped_past:
            parts.append(
                ngettext(
                    "%(n)d déjà passé, ignoré", "%(n)d déjà passés, ignorés", self.skipped_past
                )
                % {"n": self.skipped_past}
            )
        if not parts:
            return _("Le calendrier ne contient aucun événement à venir.")
        return _("Import terminé : %(parts)s.") % {"parts": ", ".join(parts)}
