from django import forms


class OutboxSearchForm(forms.Form):
    q = forms.CharField(required=False, max_length=200)
