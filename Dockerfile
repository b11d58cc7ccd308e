# Schullotse: docker build -t schullotse . && docker run -v schullotse-data:/data -e BOT_TOKEN=… schullotse
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    DATABASE_URL=sqlite+aiosqlite:////data/schullotse.sqlite3 \
    DATA_KEY_FILE=/data/data.key

WORKDIR /app
# Only the pinned, hash-checked versions (scripts/lock.sh); the build backend is among them.
COPY requirements.lock ./
RUN pip install --no-cache-dir --require-hashes -r requirements.lock
COPY pyproject.toml README.md babel.cfg ./
COPY bot ./bot
COPY dialogs ./dialogs
COPY storage ./storage
COPY content ./content
COPY locales ./locales
RUN pip install --no-cache-dir --no-deps --no-build-isolation . \
    && python -c "from pathlib import Path; from bot.i18n import compile_catalogs; compile_catalogs(Path('locales'))" \
    && useradd --create-home --uid 10001 schullotse \
    && mkdir /data && chown schullotse /data

USER schullotse
VOLUME ["/data"]
# Without BOT_TOKEN this starts the console channel (use `docker run -it`).
CMD ["python", "-m", "bot", "run"]
