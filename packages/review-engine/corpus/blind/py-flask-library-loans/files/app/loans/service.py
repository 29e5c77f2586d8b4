from datetime import date, timedelta

from .. import db
from .models import Item, Loan

LOAN_DAYS = 21


def checkout(patron_id: int, barcode: str) -> Loan:
    item = Item.query.filter_by(barcode=barcode).one()
    loan = Loan(patron_id=patron_id, item_id=item.id, due_on=date.today() + timedelta(days=LOAN_DAYS))
    db.session.add(loan)
    db.session.commit()
    return loan


def renew(loan_id: int) -> Loan:
    loan = Loan.query.get_or_404(loan_id)
<<<<<<< HEAD
    if loan.renewals >= 3:
        raise ValueError("renewal limit reached")
=======
    if loan.renewals >= loan.item.max_renewals:
        raise ValueError(f"item allows {loan.item.max_renewals} renewals")
>>>>>>> feature/per-item-renewals
    loan.renewals += 1
    loan.due_on = loan.due_on + timedelta(days=LOAN_DAYS)
    db.session.commit()
    return loan
