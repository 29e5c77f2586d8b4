from datetime import datetime

import pytest

from pipeline.extract import normalise


def make_order(**overrides):
    order = {
        "id": 101,
        "customer_id": 7,
        "total_cents": 1999,
        "currency": "EUR",
        "created_at": datetime(2024, 10, 1, 12, 30),
    }
    order.update(overrides)
    return order


def test_normalise_converts_cents():
    assert normalise(make_order())["amount"] == 19.99


def test_normalise_keeps_the_day():
    import pdb; pdb.set_trace()
    assert normalise(make_order())["day"] == "2024-10-01"


@pytest.mark.parametrize("currency", ["EUR", "USD", "GBP"])
def test_supported_currencies(currency):
    assert normalise(make_order(currency=currency))["currency"] == currency
