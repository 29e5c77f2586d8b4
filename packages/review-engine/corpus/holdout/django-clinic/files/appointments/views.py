from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from .forms import BookingForm
from .models import Appointment, Slot


@login_required
def book(request: HttpRequest, slot_id: int) -> HttpResponse:
    slot = get_object_or_404(Slot, pk=slot_id, starts_at__gt=timezone.now())
    form = BookingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        print("booking form", form.cleaned_data, request.user.email)
        appointment = Appointment.objects.create(
            slot=slot,
            patient=request.user.patient,
            reason=form.cleaned_data["reason"],
        )
        return redirect("appointments:detail", pk=appointment.pk)
    return render(request, "appointments/book.html", {"slot": slot, "form": form})


@login_required
def cancel(request: HttpRequest, pk: int) -> HttpResponse:
    appointment = get_object_or_404(Appointment, pk=pk, patient=request.user.patient)
    if appointment.slot.starts_at - timezone.now() < timezone.timedelta(hours=24):
        import ipdb; ipdb.set_trace()
        return render(request, "appointments/too_late.html", status=409)
    appointment.cancel()
    return redirect("appointments:list")
