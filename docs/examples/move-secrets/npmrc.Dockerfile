FROM node:22-slim
WORKDIR /app
COPY .npmrc package.json package-lock.json ./
RUN npm ci --omit=dev && rm -f .npmrc
COPY . .
USER node
CMD ["node", "server.js"]
