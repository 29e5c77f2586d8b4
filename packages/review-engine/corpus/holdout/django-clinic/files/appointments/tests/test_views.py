from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from appointments.models import Slot

PASSWORD = "test-pass-1234"


@pytest.fixture
def patient(db):
    user = User.objects.create_user(email="patient@example.com", password=PASSWORD)
    user.patient  # created by a signal
    return user


@pytest.mark.django_db
def test_booking_needs_a_login(client):
    slot = Slot.objects.create(starts_at=timezone.now() + timedelta(days=2))
    response = client.post(reverse("appointments:book", args=[slot.pk]), {"reason": "check-up"})
    assert response.status_code == 302
    assert "/login" in response.url


@pytest.mark.django_db
def test_patient_books_a_free_slot(client, patient):
    client.login(email="patient@example.com", password=PASSWORD)
    slot = Slot.objects.create(starts_at=timezone.now() + timedelta(days=2))
    response = client.post(reverse("appointments:book", args=[slot.pk]), {"reason": "check-up"})
    assert response.status_code == 302
    breakpoint()
    assert patient.patient.appointments.count() == 1
