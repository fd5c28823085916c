# syntax=docker/dockerfile:1
# Parley: `docker build -t parley .` then `docker run -p 3000:3000 -v parley-data:/app/data parley`.

# Build: every dependency (TypeScript, esbuild), then the server and the dashboard (the tests and their API types stay out).
FROM node:20-bookworm-slim AS build
WORKDIR /app
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
# `prepare` would build before the sources are here; native modules are rebuilt explicitly.
RUN npm ci --ignore-scripts && npm rebuild better-sqlite3 esbuild
COPY tsconfig.json ./
COPY src ./src
COPY projections ./projections
COPY web ./web
RUN npm run build:app

# Runtime: production dependencies only, the built files, a non-root user.
FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production
WORKDIR /app
COPY package.json package-lock.json ./
# The compiler is needed only if no prebuilt better-sqlite3 binary fits; it is removed again in the same layer.
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && npm ci --omit=dev --ignore-scripts \
 && npm rebuild better-sqlite3 \
 && npm cache clean --force \
 && apt-get purge -y python3 make g++ \
 && apt-get autoremove -y \
 && rm -rf /var/lib/apt/lists/* /root/.cache /root/.npm
COPY --from=build /app/dist ./dist
COPY --from=build /app/web/dist ./web/dist
COPY examples ./examples
RUN mkdir -p /app/data && chown node:node /app/data
USER node
ENV HOST=0.0.0.0 \
    PORT=3000 \
    PARLEY_STORE=sqlite:/app/data/parley.db
VOLUME ["/app/data"]
EXPOSE 3000
HEALTHCHECK --interval=10s --timeout=5s --start-period=20s --retries=6 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/health').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
CMD ["node","dist/src/cli/main.js","serve","--host","0.0.0.0"]
