"""Reads of My profile: a person only ever reads their own rows, found from the actor."""

from dataclasses import dataclass

from portal.tenancy.actor import Actor

from .models import ForumCredential


@dataclass(frozen=True)
class ForumLogin:
    username: str
    password: str


def forum_credential_for(*, actor: Actor) -> ForumCredential | None:
    return ForumCredential.objects.filter(user=actor.user).first()


def forum_login_for(*, actor: Actor) -> ForumLogin | None:
    """The clear forum password, for the sign-in form posted to the forum and nothing else."""
    credential = forum_credential_for(actor=actor)
    if credential is None:
        return None
    return ForumLogin(username=credential.username, password=credential.password)
