"""Forms of the support area: what a person types is checked here first (at the field) and again
by the service and the model."""

from django import forms
from django.utils.translation import gettext_lazy as _

from portal.core.validators import validate_plain_text, validate_single_line

from .models import (
    ARTICLE_MAX_LENGTH,
    SUBJECT_MAX_LENGTH,
    TEXT_MAX_LENGTH,
    Article,
    ArticleCategory,
    Case,
    Download,
    LiveSessionSlot,
    Product,
)
from .services import MAX_FILES, attachment_check


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files at once, each checked for type and size."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else ([data] if data else [])
        if len(files) > MAX_FILES:
            raise forms.ValidationError(_("Attach at most %(n)s files at once.") % {"n": MAX_FILES})
        cleaned = [super(MultipleFileField, self).clean(f, initial) for f in files]
        errors = []
        for upload in cleaned:
            try:
                attachment_check(upload)
            except forms.ValidationError as error:
                errors.extend(error.messages)
        if errors:
            raise forms.ValidationError(errors)
        return cleaned


def _files_field():
    return MultipleFileField(
        label=_("Attachments"),
        help_text=_("PDF, images, text, logs or ZIP; up to 5 files of at most 10 MB each."),
    )


class CaseForm(forms.Form):
    subject = forms.CharField(
        label=_("Subject"), max_length=SUBJECT_MAX_LENGTH, validators=[validate_single_line]
    )
    product = forms.ModelChoiceField(
        label=_("Product"), queryset=Product.objects.filter(is_active=True), required=False
    )
    severity = forms.ChoiceField(
        label=_("Severity"), choices=Case.Severity.choices, initial="normal"
    )
    description = forms.CharField(
        label=_("Description"),
        max_length=TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 8}),
        validators=[validate_plain_text],
    )
    files = _files_field()


class CaseUpdateForm(forms.Form):
    body = forms.CharField(
        label=_("Add information"),
        max_length=TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5}),
        validators=[validate_plain_text],
    )
    files = _files_field()


class CaseListForm(forms.Form):
    """The partner list's "mine / all company" switch, read through a form."""

    show = forms.ChoiceField(
        required=False, choices=[("mine", _("My cases")), ("all", _("All company cases"))]
    )


class ReplyForm(forms.Form):
    body = forms.CharField(
        label=_("Message"),
        max_length=TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5}),
        validators=[validate_plain_text],
    )
    internal = forms.BooleanField(
        label=_("Internal note (never shown to the partner)"), required=False
    )
    status = forms.ChoiceField(
        label=_("Then set the status to"),
        choices=[("", _("(keep)"))] + list(Case.Status.choices),
        required=False,
    )
    files = _files_field()


class AssignForm(forms.Form):
    assignee = forms.ChoiceField(label=_("Assign to"))

    def __init__(self, *args, staff, **kwargs):
        super().__init__(*args, **kwargs)
        self.staff = {str(user.pk): user for user in staff}
        self.fields["assignee"].choices = [
            (str(user.pk), user.full_name or user.email) for user in staff
        ]

    def clean_assignee(self):
        return self.staff[self.cleaned_data["assignee"]]


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=Case.Status.choices)


class PhoneCaseForm(forms.Form):
    organization = forms.ModelChoiceField(label=_("Company"), queryset=None)
    caller_email = forms.EmailField(
        label=_("Caller's email"),
        max_length=254,
        required=False,
        help_text=_("An employee of the company; leave empty if unknown."),
    )
    subject = forms.CharField(
        label=_("Subject"), max_length=SUBJECT_MAX_LENGTH, validators=[validate_single_line]
    )
    product = forms.ModelChoiceField(
        label=_("Product"), queryset=Product.objects.filter(is_active=True), required=False
    )
    severity = forms.ChoiceField(
        label=_("Severity"), choices=Case.Severity.choices, initial="normal"
    )
    description = forms.CharField(
        label=_("Description"),
        max_length=TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 6}),
        validators=[validate_plain_text],
    )

    def __init__(self, *args, companies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = companies


class PaidSupportForm(forms.Form):
    description = forms.CharField(
        label=_("What do you need?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 5}),
        validators=[validate_plain_text],
    )


class PaidSupportDecisionForm(forms.Form):
    decision = forms.ChoiceField(choices=[("accept", _("Accept")), ("decline", _("Decline"))])
    paid_until = forms.DateField(
        label=_("Paid support until"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )


class ContractForm(forms.Form):
    maintenance_until = forms.DateField(
        label=_("Maintenance until"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    paid_support_until = forms.DateField(
        label=_("Paid case support until"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    initial_support_start = forms.DateField(
        label=_("Initial support from"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    initial_support_end = forms.DateField(
        label=_("Initial support until"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )


class SupportSettingsForm(forms.Form):
    paid_support_from = forms.DateField(
        label=_("Case support is paid without maintenance from"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Leave empty while case support is free for everyone."),
    )


class ArticleForm(forms.ModelForm):
    class Meta:
        model = Article
        fields = ["title", "category", "visibility", "is_published", "body"]
        widgets = {"body": forms.Textarea(attrs={"rows": 14})}
        help_texts = {
            "body": _("Plain text. Lines starting with # are headings, with - list items."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].max_length = ARTICLE_MAX_LENGTH
        self.fields["category"].queryset = ArticleCategory.objects.all()


class ArticleSearchForm(forms.Form):
    q = forms.CharField(required=False, max_length=200, label=_("Search"))
    category = forms.ModelChoiceField(
        queryset=ArticleCategory.objects.all(), required=False, label=_("Category")
    )


class SlotForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=LiveSessionSlot.Kind.choices)
    starts_at = forms.DateTimeField(
        label=_("Starts at"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    duration_minutes = forms.IntegerField(
        label=_("Duration (minutes)"), min_value=15, max_value=480, initial=60
    )
    price = forms.DecimalField(
        label=_("Price (EUR)"), min_value=0, max_digits=8, decimal_places=2, initial=0
    )


class BookingForm(forms.Form):
    coupon = forms.CharField(
        label=_("Coupon code"), max_length=32, required=False, validators=[validate_single_line]
    )
    topic = forms.CharField(
        label=_("What should we cover?"),
        max_length=200,
        required=False,
        validators=[validate_single_line],
    )


class CouponForm(forms.Form):
    organization = forms.ModelChoiceField(label=_("Company"), queryset=None)
    code = forms.CharField(label=_("Code"), max_length=32, validators=[validate_single_line])
    discount_percent = forms.IntegerField(
        label=_("Discount (%)"), min_value=1, max_value=100, initial=100
    )
    max_uses = forms.IntegerField(label=_("Uses"), min_value=1, max_value=100, initial=1)

    def __init__(self, *args, companies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = companies


class DownloadForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=Download.Kind.choices)
    title = forms.CharField(label=_("Title"), max_length=200, validators=[validate_single_line])
    product = forms.ModelChoiceField(
        label=_("Product"), queryset=Product.objects.filter(is_active=True), required=False
    )
    version = forms.CharField(
        label=_("Version"), max_length=40, required=False, validators=[validate_single_line]
    )
    file = forms.FileField(label=_("File"))


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(choices=[("approve", _("Approve")), ("reject", _("Reject"))])
