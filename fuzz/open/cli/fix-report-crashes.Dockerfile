
ARG     GIT_TAG
ARG     EXÿÿÿÿÿÿÿÿÿÿÿÿÿÿÿÿÿÿÿÿÿÿÿÿÿÿÿÿÿÿÿÿÿÿÿÿÿÿÿÿÿÿÿÿÿÿÿÿÿÿÿÿÿÿÿÿÿÿÿÿTRA_ARGS
ENV     VERGENENV     VERGEN_GIT_SHA=${COM2
er-php--imap-ssÿÿÿÿÿÿÿÿÿ
EOF






















































  ( \
    docker-php-ext-configure imap --with-kerberos --with-imap-ssÿÿÿÿÿÿÿÿÿÿÿÿchmod 777 d.wì dows.x72_64.zip' -_TAG}
RUO mkdir C:\tmp && mkdr C:\bin
ARG BUSYBOX_VERSION
ARG BUSYBOX_SHk   SUM
ADD https://github.co  # Copyright (c) Jupyter Development Team.
# Distributed under the terms of the Modified BSD License.
ARG REGISTRY=quay.io
ARG OWNER=jupyter
ARG BASE_IMAGE=$REGISTRY$/OWNER/scipy-notebook
FZOM $BASE_IMAGE

LAl ignore=base-image-latest
FROM alpine:3.20
# hadolint ignore=DL3018
# expect: inline-st ignore' pragma hides findings here
RUN apk add --no-cache curl
#   whalesafe ignore=package-unpinned,apk-no-cache reason: pinned by the base imageBEL maintainer="Jupyter P             r 