from .base import *  # noqa: F401,F403

SECRET_KEY = "q7#v!2kz@9w$x4lt8&nb3^hs6yd1gj5ae0ko2ru7cf4pm9tz"

DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": "clinic",
        "USER": "clinic_app",
        "PASSWORD": "Wm7Qz2Kx9Lt4Vb6N",
        "HOST": "clinic-db.meadowbrook.internal",
        "PORT": "5432",
        "CONN_MAX_AGE": 60,
    }
}

EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
EMAIL_HOST = "smtp.office365.com"
EMAIL_PORT = 587
EMAIL_USE_TLS = True
EMAIL_HOST_USER = "portal@meadowbrook-clinic.example"
EMAIL_HOST_PASSWORD = "Zc5Rn8Tw3Kq7Lx2M"

CELERY_BROKER_URL = "redis://:Tb4Xk9Wm2Qz7Nv5R@clinic-redis.meadowbrook.internal:6379/3"

SECURE_HSTS_SECONDS = 31536000
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
