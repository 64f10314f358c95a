"""Keeps the terms gate's cached answers true (programs.selectors.terms_gate_open).

Receivers rather than lines in the services: a version published through the admin or a data
migration must close the gate as surely as one published in the console.
"""

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from .models import ProgramTerms, TermsAcceptance
from .selectors import TERMS_CACHE_SECONDS, TERMS_CURRENT_KEY, terms_accepted_key


@receiver(post_save, sender=ProgramTerms)
def _terms_published(sender, instance: ProgramTerms, **kwargs) -> None:
    def publish() -> None:
        cache.set(TERMS_CURRENT_KEY, instance.version, timeout=TERMS_CACHE_SECONDS)

    # At once, so no request takes the old answer while the transaction runs (a rollback only
    # costs queries until the key expires), and again after the commit, over any answer a
    # request read from the database before it.
    publish()
    transaction.on_commit(publish)


@receiver(post_delete, sender=ProgramTerms)
def _terms_removed(sender, instance: ProgramTerms, **kwargs) -> None:
    cache.delete(TERMS_CURRENT_KEY)
    transaction.on_commit(lambda: cache.delete(TERMS_CURRENT_KEY))


@receiver(post_delete, sender=TermsAcceptance)
def _acceptance_removed(sender, instance: TermsAcceptance, **kwargs) -> None:
    key = terms_accepted_key(instance.organization_id)
    cache.delete(key)
    transaction.on_commit(lambda: cache.delete(key))
