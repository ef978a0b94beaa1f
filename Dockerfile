# Production image: the same code as `make run`, pointed at real Postgres and Redis.
FROM node:20-slim AS assets
WORKDIR /app
COPY package.json package-lock.json ./
COPY deploy/vendor-assets.sh ./deploy/
RUN npm ci --no-audit --no-fund && deploy/vendor-assets.sh

FROM python:3.11-slim
WORKDIR /app
RUN apt-get update && apt-get install -y --no-install-recommends gcc make libc6-dev \
    && rm -rf /var/lib/apt/lists/*
COPY pyproject.toml constraints.txt README.md alembic.ini ./
COPY src ./src
COPY alembic ./alembic
COPY templates ./templates
COPY static ./static
COPY --from=assets /app/static/vendor ./static/vendor
RUN pip install --no-cache-dir -c constraints.txt -e .
ENV SKYPORT_LOG_FORMAT=json
EXPOSE 8000
CMD ["skyport", "serve", "--host", "0.0.0.0", "--port", "8000", "--workers", "2"]
