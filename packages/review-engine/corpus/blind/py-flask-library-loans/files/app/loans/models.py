from .. import db


class Item(db.Model):
    id = db.Column(db.Integer, primary_key=True)
    barcode = db.Column(db.String(32), unique=True, nullable=False)
    title = db.Column(db.String(300), nullable=False)
    max_renewals = db.Column(db.Integer, default=3)


class Loan(db.Model):
    id = db.Column(db.Integer, primary_key=True)
    patron_id = db.Column(db.Integer, nullable=False, index=True)
    item_id = db.Column(db.Integer, db.ForeignKey("item.id"), nullable=False)
    item = db.relationship(Item)
    due_on = db.Column(db.Date, nullable=False)
    renewals = db.Column(db.Integer, default=0)

    def to_dict(self) -> dict:
        return {"id": self.id, "item": self.item.barcode, "due_on": self.due_on.isoformat(), "renewals": self.renewals}
