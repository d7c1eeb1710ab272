# One image for every service; the Deployment (deploy/k8s) or docker-compose.yml picks the entry point:
#   node apps/<service>/dist/main.js   a service
#   node scripts/migrate.js            provisioning and migrations (the Kubernetes migrations Job)
# Cannot be built on the development machines here (no Docker engine); deploy/dockerfile.spec.ts checks its shape.
ARG NODE_IMAGE=node:20.20-bookworm-slim

# Compiles the apps and the libraries they use, with every dependency, dev ones included (TypeScript, Nx).
FROM ${NODE_IMAGE} AS build
WORKDIR /app
ENV NX_DAEMON=false NX_NO_CLOUD=true NX_TUI=false
COPY package.json package-lock.json ./
COPY libs/contracts/package.json libs/contracts/
COPY libs/portal-client/package.json libs/portal-client/
COPY libs/runtime/package.json libs/runtime/
COPY libs/testing/package.json libs/testing/
RUN npm ci --no-audit --no-fund
COPY . .
# Each app and library compiles into its own dist/ (tsc -b through Nx); libraries load through their package's main
# (libs/<lib>/dist/index.js). Nx's cache is not kept.
RUN npx nx run-many -t build --projects=tag:type:app --outputStyle=static && rm -rf .nx

# Production dependencies only: what the final stage ships in node_modules.
FROM ${NODE_IMAGE} AS dependencies
WORKDIR /app
COPY package.json package-lock.json ./
COPY libs/contracts/package.json libs/contracts/
COPY libs/portal-client/package.json libs/portal-client/
COPY libs/runtime/package.json libs/runtime/
COPY libs/testing/package.json libs/testing/
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund && npm cache clean --force

FROM ${NODE_IMAGE}
# IPAex Gothic: the Japanese font the PDFs are rendered with (TrueType, embedded as a subset).
RUN apt-get update \
  && apt-get install -y --no-install-recommends fonts-ipaexfont-gothic \
  && rm -rf /var/lib/apt/lists/* \
  && mkdir -p /data/mail-out /credentials && chown -R 1000:1000 /data /credentials
# docker-compose mounts its volumes here (/data/mail-out: MAIL_OUT_DIR; /credentials: the generated development
# credentials); a new volume takes its owner from the image's directory, so the unprivileged user can write them.
WORKDIR /app
ENV NODE_ENV=production
COPY --from=dependencies /app/node_modules ./node_modules
COPY package.json ./
# The workspace libraries (node_modules/@jlis/* link here): their package.json and compiled dist/ only.
COPY --from=build /app/libs/contracts/package.json libs/contracts/
COPY --from=build /app/libs/contracts/dist libs/contracts/dist
COPY --from=build /app/libs/runtime/package.json libs/runtime/
COPY --from=build /app/libs/runtime/dist libs/runtime/dist
COPY --from=build /app/apps/gateway/dist apps/gateway/dist
# The browser console the gateway serves at /console (static files only).
COPY --from=build /app/apps/console/dist apps/console/dist
COPY --from=build /app/apps/intake/dist apps/intake/dist
COPY --from=build /app/apps/documents/dist apps/documents/dist
COPY --from=build /app/apps/cards/dist apps/cards/dist
COPY --from=build /app/apps/access/dist apps/access/dist
COPY --from=build /app/apps/notifications/dist apps/notifications/dist
COPY scripts ./scripts
# What the services read at run time besides their code: the directory of local governments.
COPY apps/intake/data ./apps/intake/data
# The node image's unprivileged user, by number so that Kubernetes can verify runAsNonRoot.
USER 1000:1000
