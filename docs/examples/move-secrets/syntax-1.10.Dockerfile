# syntax=docker/dockerfile:1.10
FROM alpine:3.20
ENV DEPLOY_TOKEN=d3pl0y-t0k3n-4f8a
RUN wget -q --header "Authorization: Bearer $DEPLOY_TOKEN" -O /tmp/app.tgz https://example.com/app.tgz
USER nobody
