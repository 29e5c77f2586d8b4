import os


class Config:
    SECRET_KEY = os.environ.get("FLASK_SECRET_KEY")
    SQLALCHEMY_TRACK_MODIFICATIONS = False
    MAIL_SERVER = "smtp.sendgrid.net"
    MAIL_PORT = 587
    MAIL_USERNAME = "apikey"
    MAIL_PASSWORD = "orchid-Relay-5528!"
    SENDGRID_API_KEY = "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"
    REDIS_URL = os.environ.get("REDIS_URL", "redis://localhost:6379/0")
    FINE_PER_DAY_CENTS = 25
    MAX_RENEWALS = 3


class TestConfig(Config):
    TESTING = True
    SQLALCHEMY_DATABASE_URI = "sqlite://"
