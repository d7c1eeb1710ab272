# One image for every service; docker-compose.yml picks the entry point (apps/<service>/dist/main.js).
FROM node:20-bookworm-slim AS build
WORKDIR /app
ENV NX_DAEMON=false NX_NO_CLOUD=true NX_TUI=false
COPY package.json package-lock.json ./
COPY libs/contracts/package.json libs/contracts/
COPY libs/runtime/package.json libs/runtime/
COPY libs/testing/package.json libs/testing/
RUN npm ci --no-audit --no-fund
COPY . .
# Each app and the libraries it uses compile into their own dist/ (tsc -b through Nx); the libraries are loaded
# through their package's main (libs/<lib>/dist/index.js). Nx's cache is not kept in the image.
RUN npx nx run-many -t build --projects=tag:type:app --outputStyle=static && rm -rf .nx

FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production
COPY --from=build /app /app
# docker-compose.yml's development credentials volume starts as this folder, so it belongs to the user that writes it.
RUN mkdir -p /credentials && chown node:node /credentials
USER node
