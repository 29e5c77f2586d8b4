from django import forms
from django.contrib.auth import password_validation
from django.utils.translation import gettext_lazy as _

from .models import User


class SignupForm(forms.ModelForm):
    password = forms.CharField(label=_("Password"), widget=forms.PasswordInput, min_length=12)
    password_confirm = forms.CharField(label=_("Confirm password"), widget=forms.PasswordInput)

    class Meta:
        model = User
        fields = ["email", "first_name", "last_name"]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("password") != cleaned.get("password_confirm"):
            self.add_error("password_confirm", _("The passwords do not match."))
        password_validation.validate_password(cleaned.get("password", ""), self.instance)
        return cleaned
