"""The Plan tab's Roles page: the roles notes are attributed to, one per line."""

from __future__ import annotations

from typing import TYPE_CHECKING

from kiosk.core.i18n import _
from kiosk.ui.organiser.plan.form import Page, heading, hint, lines_edit

if TYPE_CHECKING:
    from PySide6.QtWidgets import QVBoxLayout


class RolesPage(Page):
    def fill(self, layout: QVBoxLayout) -> None:
        layout.addWidget(heading(_("Roles")))
        layout.addWidget(
            hint(
                _(
                    "Notes are attributed to roles, never to people. One role per line; "
                    "the order here is the order at the tables."
                )
            )
        )
        roles = lines_edit(self.editor.roles, _("Roles"), self.editor.set_roles)
        roles.setMinimumHeight(260)
        layout.addWidget(roles)
        layout.addWidget(self.spots.add("roles", roles))
