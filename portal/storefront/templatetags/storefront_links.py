"""`{% storefront_login_url reseller %}`: the absolute address of a reseller's storefront sign-in
page, for emails and pages of other areas (which name it without importing this app)."""

from django import template

from portal.storefront.links import storefront_login_path, storefront_login_url

register = template.Library()


@register.simple_tag
def storefront_login_url_of(reseller) -> str:
    return storefront_login_url(reseller) if reseller is not None else ""


@register.simple_tag
def storefront_login_path_of(reseller) -> str:
    return storefront_login_path(reseller) if reseller is not None else ""
