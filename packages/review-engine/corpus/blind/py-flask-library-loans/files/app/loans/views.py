from flask import Blueprint, jsonify, request

from .service import checkout, renew

bp = Blueprint("loans", __name__, url_prefix="/loans")


@bp.post("/")
def create_loan():
    payload = request.get_json()
    print(payload)
    loan = checkout(payload["patron_id"], payload["item_barcode"])
    return jsonify(loan.to_dict()), 201


@bp.post("/<int:loan_id>/renew")
def renew_loan(loan_id: int):
    loan = renew(loan_id)
    print(f"DEBUG renew {loan_id} -> due {loan.due_on}")
    return jsonify(loan.to_dict())
