# syntax=docker/dockerfile:1
# The function-host image: the official Azure Functions .NET isolated host with the scan tools and the
# published app. Build from the repository root (azd does, see azure.yaml):
#   docker build -f infra/images/functions.Dockerfile -t trustedoss-functions .
# Every tool is pinned here and checked by TrustedOss.Tests/Infra/DockerfileTests.cs; the node tools
# come from .tools/package-lock.json, the same lock `./dev` installs from.

# ---- the web page (web/), built from its lock file; the app's publish copies web/dist into wwwroot ----
FROM node:24.20.0-bookworm-slim AS web
WORKDIR /src/web
COPY web/package.json web/package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY web/ ./
RUN npm run build

# ---- the app --------------------------------------------------------------------------------------
FROM mcr.microsoft.com/dotnet/sdk:10.0.401-noble AS publish
WORKDIR /src
COPY global.json Directory.Build.props Directory.Packages.props host.json ./
COPY TrustedOss.Pipeline/ TrustedOss.Pipeline/
COPY TrustedOss.Functions/ TrustedOss.Functions/
COPY --from=web /src/web/dist web/dist/
RUN dotnet publish TrustedOss.Functions/TrustedOss.Functions.csproj -c Release -o /app/publish -p:UseAppHost=false

# ---- cdxgen and the SPDX license texts, exactly as locked in .tools/package-lock.json -------------
FROM node:24.20.0-bookworm-slim AS tools
WORKDIR /opt/trustedoss/tools
COPY .tools/package.json .tools/package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force

# ---- trivy (a full release; the one inside the cdxgen plugins package is a cut-down build) ---------
FROM ghcr.io/aquasecurity/trivy:0.75.0 AS trivy

# ---- the function host ----------------------------------------------------------------------------
# The Functions team updates this tag monthly with host and security fixes (their support policy asks
# custom images to follow it); pin a digest in your own registry if you need byte-identical rebuilds.
FROM mcr.microsoft.com/azure-functions/dotnet-isolated:4-dotnet-isolated10.0

# git (source) and skopeo (image references) for the fetch stage, curl for HEALTHCHECK, Python and ScanCode's native libraries.
RUN apt-get update \
 && apt-get install -y --no-install-recommends git skopeo ca-certificates curl python3 python3-venv \
      libgomp1 libpopt0 bzip2 xz-utils zlib1g libxml2 libxslt1.1 \
 && rm -rf /var/lib/apt/lists/*

# ScanCode in its own venv; the license index is built now so the non-root user never writes there.
RUN python3 -m venv /opt/scancode \
 && /opt/scancode/bin/pip install --no-cache-dir "scancode-toolkit==32.5.0" \
 && /opt/scancode/bin/scancode --reindex-licenses

COPY --from=tools /usr/local/bin/node /usr/local/bin/node
COPY --from=tools /opt/trustedoss/tools /opt/trustedoss/tools
COPY --from=trivy /usr/local/bin/trivy /usr/local/bin/trivy
COPY --from=publish /app/publish /home/site/wwwroot

# Where the tools are in this image. These settings are declared "image" in
# infra/settings-not-on-function-app.json, so the Function App does not set them.
ENV TOOLS_DIR=/opt/trustedoss/tools \
    CDXGEN_PATH=/opt/trustedoss/tools/node_modules/.bin/cdxgen \
    SPDX_LICENSE_LIST_DIR=/opt/trustedoss/tools/node_modules/spdx-license-list \
    TRIVY_PATH=/usr/local/bin/trivy \
    SCANCODE_PATH=/opt/scancode/bin/scancode \
    GIT_PATH=/usr/bin/git \
    SKOPEO_PATH=/usr/bin/skopeo \
    TRIVY_CACHE_DIR=/mnt/trivy-cache \
    AzureWebJobsScriptRoot=/home/site/wwwroot \
    AzureFunctionsJobHost__Logging__Console__IsEnabled=true \
    ASPNETCORE_URLS=http://+:8080

# The trivy cache is an Azure Files share mounted at /mnt/trivy-cache (infra/modules/functionapp.bicep);
# scan workspaces stay on the instance's local disk.
RUN groupadd --system --gid 10001 trustedoss \
 && useradd --system --uid 10001 --gid trustedoss --no-create-home --home-dir /home trustedoss \
 && mkdir -p /mnt/trivy-cache /tmp/trustedoss-workspaces /home/data /home/LogFiles \
 && chown trustedoss:trustedoss /home /home/data /home/LogFiles /mnt/trivy-cache /tmp/trustedoss-workspaces

USER trustedoss
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=10s --start-period=90s --retries=3 \
  CMD curl -fsS -o /dev/null http://127.0.0.1:8080/health || exit 1
