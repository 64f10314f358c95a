"""The acting member of a request: who they are, which membership they work in right now, and
where the request came from (for the audit trail)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from portal.core.request_context import NO_ORIGIN, RequestOrigin

if TYPE_CHECKING:
    from portal.accounts.models import User

    from .models import Membership, Organization


@dataclass(frozen=True)
class Actor:
    user: User
    membership: Membership
    # Set when a partner works inside a client's account on its consent (partner master, DEL-*).
    acting_for: Any = None
    origin: RequestOrigin = field(default=NO_ORIGIN, compare=False)

    @property
    def organization(self) -> Organization:
        return self.membership.organization

    @property
    def realm(self) -> str:
        return self.organization.realm

    @property
    def is_vendor(self) -> bool:
        """Vendor staff see every row (scoping); what they may do is the policy's business."""
        return self.realm == "vendor"

    def __str__(self) -> str:
        return f"{self.user.email} @ {self.organization.name}"


def actor_for(membership: Membership, origin: RequestOrigin = NO_ORIGIN) -> Actor:
    """The actor of a membership outside a request (jobs, seeding, tests)."""
    return Actor(user=membership.user, membership=membership, origin=origin)
