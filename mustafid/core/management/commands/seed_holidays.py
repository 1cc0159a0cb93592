from django.core.management.base import BaseCommand
from django.utils import timezone

from mustafid.core.holidays_seed import seed_holidays
from mustafid.core.models import Holiday


class Command(BaseCommand):
    help = "Add Saudi official holidays (current and next year by default) to the holiday table."

    def add_arguments(self, parser):
        parser.add_argument("years", nargs="*", type=int)

    def handle(self, *args, years, **options):
        this_year = timezone.localdate().year
        years = years or [this_year, this_year + 1]
        added = seed_holidays(Holiday, years)
        self.stdout.write(f"holidays: {added} added for {', '.join(map(str, years))}")
