# syntax=docker/dockerfile:1
# The self-host image: the same assembly and tools as the function-host image, started directly
# (`dotnet TrustedOss.Functions.dll` runs Kestrel + the Durable Task worker, README "Two hosts").
# Runs on any container platform; infra/compose.yaml runs it with PostgreSQL and Azurite.
#   docker build -f infra/images/selfhost.Dockerfile -t trustedoss-selfhost .
# Tool versions match infra/images/functions.Dockerfile (TrustedOss.Tests/Infra/DockerfileTests.cs).

FROM node:24.20.0-bookworm-slim AS web
WORKDIR /src/web
COPY web/package.json web/package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY web/ ./
RUN npm run build

FROM mcr.microsoft.com/dotnet/sdk:10.0.401-noble AS publish
WORKDIR /src
COPY global.json Directory.Build.props Directory.Packages.props host.json ./
COPY TrustedOss.Pipeline/ TrustedOss.Pipeline/
COPY TrustedOss.Functions/ TrustedOss.Functions/
COPY --from=web /src/web/dist web/dist/
RUN dotnet publish TrustedOss.Functions/TrustedOss.Functions.csproj -c Release -o /app/publish -p:UseAppHost=false

FROM node:24.20.0-bookworm-slim AS tools
WORKDIR /opt/trustedoss/tools
COPY .tools/package.json .tools/package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force

FROM ghcr.io/aquasecurity/trivy:0.75.0 AS trivy

FROM mcr.microsoft.com/dotnet/aspnet:10.0.12-noble

RUN apt-get update \
 && apt-get install -y --no-install-recommends git skopeo ca-certificates curl python3 python3-venv \
      libgomp1 libpopt0 bzip2 xz-utils zlib1g libxml2 libxslt1.1 \
 && rm -rf /var/lib/apt/lists/*

RUN python3 -m venv /opt/scancode \
 && /opt/scancode/bin/pip install --no-cache-dir "scancode-toolkit==32.5.0" \
 && /opt/scancode/bin/scancode --reindex-licenses

COPY --from=tools /usr/local/bin/node /usr/local/bin/node
COPY --from=tools /opt/trustedoss/tools /opt/trustedoss/tools
COPY --from=trivy /usr/local/bin/trivy /usr/local/bin/trivy
COPY --from=publish /app/publish /app

ENV TOOLS_DIR=/opt/trustedoss/tools \
    CDXGEN_PATH=/opt/trustedoss/tools/node_modules/.bin/cdxgen \
    SPDX_LICENSE_LIST_DIR=/opt/trustedoss/tools/node_modules/spdx-license-list \
    TRIVY_PATH=/usr/local/bin/trivy \
    SCANCODE_PATH=/opt/scancode/bin/scancode \
    GIT_PATH=/usr/bin/git \
    SKOPEO_PATH=/usr/bin/skopeo \
    TRIVY_CACHE_DIR=/mnt/trivy-cache \
    WORKSPACE_ROOT=/var/lib/trustedoss/workspaces \
    SELFHOST_URLS=http://0.0.0.0:8080

# The aspnet image's non-root "app" user (uid 1654) owns only what the app writes.
RUN mkdir -p /mnt/trivy-cache /var/lib/trustedoss/workspaces \
 && chown app:app /mnt/trivy-cache /var/lib/trustedoss/workspaces

USER app
WORKDIR /app
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=10s --start-period=30s --retries=3 \
  CMD curl -fsS -o /dev/null http://127.0.0.1:8080/health || exit 1
ENTRYPOINT ["dotnet", "TrustedOss.Functions.dll"]
