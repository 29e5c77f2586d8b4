"""python -m app: print the loans due today (used by the branch staff's morning report)."""
import sys

from . import create_app
from .loans.models import Loan


def main() -> int:
    app = create_app()
    with app.app_context():
        for loan in Loan.query.order_by(Loan.due_on).limit(200):
            print(f"{loan.id:>8}  {loan.item.barcode}  due {loan.due_on}")
    print("done", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
