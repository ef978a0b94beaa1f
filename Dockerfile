# Production image: the same code as `make run`, pointed at real Postgres and Redis.
FROM node:20-slim AS assets
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund

FROM python:3.11-slim
WORKDIR /app
RUN apt-get update && apt-get install -y --no-install-recommends gcc make libc6-dev \
    && rm -rf /var/lib/apt/lists/*
COPY pyproject.toml README.md alembic.ini ./
COPY src ./src
COPY alembic ./alembic
COPY templates ./templates
COPY static ./static
COPY --from=assets /app/node_modules/htmx.org/dist/htmx.min.js ./static/vendor/htmx.min.js
COPY --from=assets /app/node_modules/@picocss/pico/css/pico.min.css ./static/vendor/pico.min.css
RUN pip install --no-cache-dir -e .
ENV SKYPORT_LOG_FORMAT=json
EXPOSE 8000
CMD ["skyport", "serve", "--host", "0.0.0.0", "--port", "8000", "--workers", "2"]
