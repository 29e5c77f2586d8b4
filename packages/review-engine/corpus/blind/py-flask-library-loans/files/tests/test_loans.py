from app import create_app, db
from app.config import TestConfig


def test_renewal_limit():
    app = create_app(TestConfig)
    with app.app_context():
        db.create_all()
        breakpoint()
        assert True
