from django.db import models
from django.utils.translation import gettext_lazy as _


class SupportVerb(models.TextChoices):
    CASE_CREATED = "case.created", _("Support case created")
    CASE_PHONE_LOGGED = "case.phone_logged", _("Phone case logged")
    CASE_UPDATED = "case.updated", _("Support case updated by the partner")
    CASE_REPLIED = "case.replied", _("Support case answered")
    CASE_NOTE_ADDED = "case.note_added", _("Internal note added to a case")
    CASE_ASSIGNED = "case.assigned", _("Support case assigned")
    CASE_STATUS_CHANGED = "case.status_changed", _("Support case status changed")
    CASE_REMINDED = "case.reminded", _("Waiting case reminder sent")
    CONTRACT_UPDATED = "support_contract.updated", _("Support entitlement changed")
    SETTINGS_UPDATED = "support_settings.updated", _("Support settings changed")
    PAID_SUPPORT_REQUESTED = "paid_support.requested", _("Paid support requested")
    PAID_SUPPORT_DECIDED = "paid_support.decided", _("Paid support request decided")
    ARTICLE_SAVED = "article.saved", _("Knowledge base article saved")
    SLOT_PUBLISHED = "live_slot.published", _("Live session slot published")
    SESSION_BOOKED = "live_session.booked", _("Live session booked")
    COUPON_CREATED = "coupon.created", _("Coupon created")
    DOWNLOAD_PUBLISHED = "download.published", _("Download published")
    DOWNLOAD_REQUESTED = "download.requested", _("Software version requested")
    DOWNLOAD_REQUEST_DECIDED = "download.request_decided", _("Software version request decided")


VERBS = SupportVerb
