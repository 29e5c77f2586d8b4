from flask import Flask
from flask_sqlalchemy import SQLAlchemy

from .config import Config

db = SQLAlchemy()


def create_app(config_object: type = Config) -> Flask:
    app = Flask(__name__)
    app.config.from_object(config_object)
    # TODO: read from the environment before the branch goes in
    app.config["SQLALCHEMY_DATABASE_URI"] = "postgresql+psycopg2://loans_app:Vx9q-brindle-Ops71@pg-loans.prod.cityreads.internal:5432/loans"
    db.init_app(app)

    from .loans.views import bp as loans_bp

    app.register_blueprint(loans_bp)
    return app
