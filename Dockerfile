# Lastmile container image. Two stages: `build` compiles the server (tsc -> dist/server) and the
# UI (vite -> dist/ui) with dev dependencies, then prunes them; `runtime` carries only what runs.
#
# The runtime always gets DATABASE_URL (see docker-compose.yml), so the embedded PostgreSQL that
# `npm start` uses on a laptop never starts here. Node runs as PID 1 and handles SIGTERM itself
# (drains requests, closes the pool); run the container with an init (`docker run --init`,
# `init: true` in compose) so that signals are forwarded and stray children are reaped.

FROM node:20-bookworm-slim AS build
WORKDIR /app
# Dependencies first, so that a change to the sources does not reinstall them.
COPY package.json package-lock.json ./
RUN npm ci --include=dev --no-audit --no-fund
COPY . .
RUN node scripts/build.js --force \
 && npm prune --omit=dev --no-audit --no-fund

FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production \
    PORT=8080
WORKDIR /app
RUN groupadd --system --gid 10001 lastmile \
 && useradd --system --uid 10001 --gid lastmile --home-dir /app --no-create-home --shell /usr/sbin/nologin lastmile
# Owned by root and read-only for the service user: the application never writes into /app.
COPY --from=build /app/package.json ./package.json
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/scripts ./scripts
COPY --from=build /app/profiles ./profiles
# The demo country's CSV files (loaded only with LASTMILE_DEMO=true into an empty database).
COPY --from=build /app/api/referencedata/demo/data ./api/referencedata/demo/data
USER lastmile:lastmile
EXPOSE 8080
# No curl in slim images: node itself asks the readiness endpoint (database, migrations, draining).
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||8080)+'/health/ready',{signal:AbortSignal.timeout(4000)}).then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
CMD ["node", "dist/server/api/main.js"]
