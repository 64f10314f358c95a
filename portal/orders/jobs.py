"""The orders area's periodic jobs (portal/core/periodic.py runs them once per slot)."""

import logging
from datetime import datetime

from portal.core.periodic import periodic_job

from .services import customer_totals_check

logger = logging.getLogger(__name__)


@periodic_job("orders.customer_totals_check", every="daily")
def customer_totals_checked(*, now: datetime) -> int:
    """The resellers' maintained customer totals compared with a count: a difference means a
    change that did not go through the services, and is logged as well as set right."""
    wrong = customer_totals_check()
    if wrong:
        logger.warning("Customer totals set right for %d resellers.", wrong)
    return wrong
