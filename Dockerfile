# syntax=docker/dockerfile:1
# ocop-trace as a container: docker build -t ocop-trace . (or docker compose up, see compose.yaml).
# Docker is not available to CI: .ci/container runs these same steps outside Docker. Keep the two
# in step: a change here (what is copied, how it is installed or started) goes there too.

# Build stage: every dependency, then the bundles in dist/ (npm run build, esbuild).
FROM node:20-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json ./
COPY src ./src
RUN npm run build

# Runtime stage: production dependencies only (no tsx, no esbuild; none of them has an install
# script to run), the bundles, the SQL migrations, the label templates and font.
FROM node:20-slim
ENV NODE_ENV=production \
    DATA_DIR=/data \
    HOST=0.0.0.0 \
    PORT=3000
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/dist ./dist
COPY migrations ./migrations
COPY labels ./labels
# The embedded database (when DATABASE_URL is not set) and its lock live in DATA_DIR.
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME /data
EXPOSE 3000
# node:20-slim has no curl: node's own fetch asks /readyz (database answers, migrations applied).
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/readyz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# A production start needs KEY_ENCRYPTION_SECRET (or SIGNING_KEY_JWK): docker run -e KEY_ENCRYPTION_SECRET=…
CMD ["node", "--enable-source-maps", "dist/entry/node.js"]
