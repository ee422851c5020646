// The Function App: an Elastic Premium Linux plan running the function-host image
// (infra/images/functions.Dockerfile), with every setting the app reads in appsettings below.
// TrustedOss.Tests/Infra checks that list against local.settings.sample.json and the
// Configuration/*Options classes; a key that belongs elsewhere is declared in
// infra/settings-not-on-function-app.json.
param name string
param planName string
param location string
param tags object
@allowed(['EP1', 'EP2', 'EP3'])
param planSku string
@minValue(1)
@description('Instances kept warm (always ready); the plan bills for these even when idle.')
param minimumInstances int
@minValue(1)
@description('The most instances the plan scales out to.')
param maximumInstances int
@minValue(1)
@description('Scan stages one instance runs at once (host.json maxConcurrentActivityFunctions).')
param maxConcurrentActivities int
param image string
param identityId string
param identityClientId string
param keyVaultName string
param storageAccountName string
param trivyCacheShareName string
param logAnalyticsWorkspaceId string
param taskHubName string
param gitAllowedSchemes string
param trivyDbRepository string
param licenseTierCatalog string
param registryUsername string

// One path for the mount and the setting that points trivy at it (the image creates the folder).
var trivyCacheMountPath = '/mnt/trivy-cache'

resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' existing = {
  name: storageAccountName
}

resource plan 'Microsoft.Web/serverfarms@2024-04-01' = {
  name: planName
  location: location
  tags: tags
  kind: 'elastic'
  sku: {
    name: planSku
    tier: 'ElasticPremium'
  }
  properties: {
    reserved: true // Linux
    maximumElasticWorkerCount: maximumInstances
  }
}

resource site 'Microsoft.Web/sites@2024-04-01' = {
  name: name
  location: location
  tags: union(tags, { 'azd-service-name': 'functions' })
  kind: 'functionapp,linux,container'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: { '${identityId}': {} }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    clientAffinityEnabled: false
    keyVaultReferenceIdentity: identityId
    siteConfig: {
      linuxFxVersion: 'DOCKER|${image}'
      acrUseManagedIdentityCreds: true
      acrUserManagedIdentityID: identityClientId
      minTlsVersion: '1.2'
      scmMinTlsVersion: '1.2'
      ftpsState: 'Disabled'
      http20Enabled: true
      healthCheckPath: '/health'
      minimumElasticInstanceCount: minimumInstances
      functionAppScaleLimit: maximumInstances
    }
  }
}

resource mounts 'Microsoft.Web/sites/config@2024-04-01' = {
  parent: site
  name: 'azurestorageaccounts'
  properties: {
    trivycache: {
      type: 'AzureFiles'
      protocol: 'Smb'
      accountName: storage.name
      shareName: trivyCacheShareName
      mountPath: trivyCacheMountPath
      accessKey: storage.listKeys().keys[0].value
    }
  }
}

resource appSettings 'Microsoft.Web/sites/config@2024-04-01' = {
  parent: site
  name: 'appsettings'
  properties: {
    // The Functions platform
    FUNCTIONS_EXTENSION_VERSION: '~4'
    FUNCTIONS_WORKER_RUNTIME: 'dotnet-isolated'
    WEBSITES_ENABLE_APP_SERVICE_STORAGE: 'false'
    WEBSITES_PORT: '8080' // the image runs as a non-root user, so the host listens on 8080
    APPLICATIONINSIGHTS_CONNECTION_STRING: '@Microsoft.KeyVault(VaultName=${keyVaultName};SecretName=appinsights-connection-string)'
    AzureFunctionsJobHost__extensions__durableTask__maxConcurrentActivityFunctions: string(maxConcurrentActivities)
    // Live progress through Azure SignalR Service (Serverless)
    AzureSignalRConnectionString: '@Microsoft.KeyVault(VaultName=${keyVaultName};SecretName=signalr-connection-string)'
    // The app's settings (README "Settings", local.settings.sample.json)
    AzureWebJobsStorage: '@Microsoft.KeyVault(VaultName=${keyVaultName};SecretName=storage-connection-string)'
    TASK_HUB_NAME: taskHubName
    POSTGRES_CONNECTION_STRING: '@Microsoft.KeyVault(VaultName=${keyVaultName};SecretName=postgres-connection-string)'
    API_KEY_PEPPER: '@Microsoft.KeyVault(VaultName=${keyVaultName};SecretName=api-key-pepper)'
    GIT_ALLOWED_SCHEMES: gitAllowedSchemes
    GIT_TIMEOUT_SECONDS: '600'
    CDXGEN_TIMEOUT_SECONDS: '1800'
    TRIVY_CACHE_DIR: trivyCacheMountPath
    TRIVY_DB_REPOSITORY: trivyDbRepository
    TRIVY_TIMEOUT_SECONDS: '600'
    SCANCODE_MAX_FILES: '20000'
    SCANCODE_TIMEOUT_SECONDS: '600'
    LICENSE_TIER_CATALOG: licenseTierCatalog
    WORKSPACE_ROOT: '/tmp/trustedoss-workspaces'
    UPLOAD_MAX_BYTES: '209715200'
    ARCHIVE_MAX_UNCOMPRESSED_BYTES: '2147483648'
    ARCHIVE_MAX_ENTRIES: '100000'
    SCAN_LOG_MAX_LINES_PER_SCAN: '20000'
    SCAN_HARD_LIMIT_MINUTES: '240'
    ORPHAN_WORKSPACE_MINUTES: '30'
    // Container scans: skopeo pulls image references (the image ships it), with these credentials if set
    IMAGE_PULL_TIMEOUT_SECONDS: '300'
    REGISTRY_USERNAME: registryUsername
    REGISTRY_PASSWORD: '@Microsoft.KeyVault(VaultName=${keyVaultName};SecretName=registry-password)'
    REGISTRY_INSECURE_HOSTS: '' // none: every registry is pulled over verified TLS
    // Timer schedules: the Functions host resolves %SETTING% with no default, so all four must be set
    TRIVY_DB_REFRESH_SCHEDULE: '0 15 */6 * * *'
    VULNERABILITY_REMATCH_SCHEDULE: '0 */2 * * * *'
    STUCK_SCAN_BACKSTOP_SCHEDULE: '0 */5 * * * *'
    ORPHAN_WORKSPACE_CLEANER_SCHEDULE: '0 */10 * * * *'
  }
  dependsOn: [mounts] // both write the site's configuration; one at a time
}

resource diagnostics 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'to-log-analytics'
  scope: site
  properties: {
    workspaceId: logAnalyticsWorkspaceId
    logs: [
      { category: 'FunctionAppLogs', enabled: true }
    ]
    metrics: [
      { category: 'AllMetrics', enabled: true }
    ]
  }
}

output name string = site.name
output defaultHostName string = site.properties.defaultHostName
