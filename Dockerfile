# One image for every service; docker-compose.yml picks the entry point.
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
COPY libs/contracts/package.json libs/contracts/
COPY libs/runtime/package.json libs/runtime/
COPY libs/testing/package.json libs/testing/
RUN npm ci --no-audit --no-fund
COPY . .
RUN npx tsc -p tsconfig.build.json

FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production
COPY --from=build /app /app
# docker-compose.yml's development credentials volume starts as this folder, so it belongs to the user that writes it.
RUN mkdir -p /credentials && chown node:node /credentials
USER node
