FROM node:22-slim
ARG NPM_TOKEN=npm_4f8a9c2e71b3d5e6
WORKDIR /app
COPY package.json package-lock.json ./
RUN echo "//registry.npmjs.org/:_authToken=${NPM_TOKEN}" > .npmrc && \
    npm ci --omit=dev && \
    rm .npmrc
COPY . .
USER node
CMD ["node", "server.js"]
