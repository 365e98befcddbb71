# Parvis production image: locked dependencies, static files collected at build, gunicorn, non-root.
# Configured only by environment variables (see README.md, "Configuration").

FROM python:3.12-slim-bookworm AS build
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
RUN python -m venv /opt/venv
COPY requirements.lock /tmp/requirements.lock
RUN /opt/venv/bin/pip install --require-hashes -r /tmp/requirements.lock
# The French catalogue, compiled by GNU gettext's msgfmt (checked: no format error ships).
RUN apt-get update && apt-get install -y --no-install-recommends gettext && rm -rf /var/lib/apt/lists/*
COPY locale /opt/locale
RUN msgfmt --check --output-file /opt/locale/fr/LC_MESSAGES/django.mo /opt/locale/fr/LC_MESSAGES/django.po

FROM python:3.12-slim-bookworm AS app
ENV PATH=/opt/venv/bin:$PATH \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    DJANGO_SETTINGS_MODULE=portal.settings.production \
    STATIC_ROOT=/app/static \
    MEDIA_ROOT=/data/media \
    WEB_CONCURRENCY=2 \
    PORT=8000
RUN groupadd --system parvis && useradd --system --gid parvis --home-dir /app parvis \
    && mkdir -p /app /data/media && chown -R parvis:parvis /data
COPY --from=build /opt/venv /opt/venv
WORKDIR /app
COPY --chown=parvis:parvis . /app
COPY --from=build --chown=parvis:parvis /opt/locale/fr/LC_MESSAGES/django.mo /app/locale/fr/LC_MESSAGES/django.mo
# collectstatic needs settings but no database: a throw-away key is enough at build time.
RUN SECRET_KEY=build-only-not-a-secret python manage.py collectstatic --noinput --verbosity 0 \
    && python -m compileall -q portal civic agenda
USER parvis
VOLUME ["/data"]
EXPOSE 8000
# The check sends a host the settings allow and says it came through the TLS proxy, so neither
# ALLOWED_HOSTS nor the HTTPS redirect turns the probe away.
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 CMD python -c "\
import os, urllib.request as u; \
h = os.environ.get('ALLOWED_HOSTS', 'localhost').split(',')[0].strip().lstrip('.'); \
h = 'localhost' if h in ('', '*') else h; \
u.urlopen(u.Request('http://127.0.0.1:' + os.environ.get('PORT', '8000') + '/healthz', \
headers={'Host': h, 'X-Forwarded-Proto': 'https'}), timeout=4)"
CMD ["sh", "-c", "exec gunicorn portal.wsgi:application --bind 0.0.0.0:${PORT} --workers ${WEB_CONCURRENCY} --access-logfile - --forwarded-allow-ips '*'"]
