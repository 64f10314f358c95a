"""The acting member of a request: who they are and which membership they work in right now."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from portal.accounts.models import User

    from .models import Membership, Organization


@dataclass(frozen=True)
class Actor:
    user: User
    membership: Membership
    # Set when a partner works inside a client's account on its consent (partner master, DEL-*).
    acting_for: Any = None

    @property
    def organization(self) -> Organization:
        return self.membership.organization

    @property
    def realm(self) -> str:
        return self.organization.realm

    @property
    def is_vendor(self) -> bool:
        return self.realm == "vendor"

    def __str__(self) -> str:
        return f"{self.user.email} @ {self.organization.name}"


def actor_for(membership: Membership) -> Actor:
    """The actor of a membership outside a request (jobs, seeding, tests)."""
    return Actor(user=membership.user, membership=membership)
