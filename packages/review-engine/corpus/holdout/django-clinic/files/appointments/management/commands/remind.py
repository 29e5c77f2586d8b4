"""./manage.py remind --hours 24: emails tomorrow's patients and prints who was reminded."""
from datetime import timedelta

from django.core.management.base import BaseCommand
from django.utils import timezone

from appointments.models import Appointment
from appointments.notifications import send_reminder


class Command(BaseCommand):
    help = "Send appointment reminders"

    def add_arguments(self, parser):
        parser.add_argument("--hours", type=int, default=24)
        parser.add_argument("--dry-run", action="store_true")

    def handle(self, *args, hours, dry_run, **options):
        window_end = timezone.now() + timedelta(hours=hours)
        due = Appointment.objects.filter(slot__starts_at__lte=window_end, reminded_at__isnull=True)
        for appointment in due:
            if not dry_run:
                send_reminder(appointment)
            print(f"{appointment.slot.starts_at:%Y-%m-%d %H:%M}  {appointment.patient}")
        self.stdout.write(self.style.SUCCESS(f"{due.count()} reminder(s) {'would be ' if dry_run else ''}sent"))
