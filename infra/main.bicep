// TrustedOSS Scans on Azure: `azd up` (azure.yaml) or `az deployment sub create` with
// main.dev.bicepparam / main.prod.bicepparam. README "Deploy to Azure" explains every knob.
targetScope = 'subscription'

@minLength(1)
@maxLength(40)
@description('The azd environment name: names the resource group and seeds every resource name.')
param environmentName string

@minLength(1)
@description('The Azure region of every resource.')
param location string

@allowed(['dev', 'prod'])
@description('Sizes and protections: dev is the smallest that runs scans, prod adds zone redundancy and headroom.')
param profile string = 'dev'

@description('The function-host image. azd sets it after the first `azd deploy`; until then the stock base image runs with no functions.')
param functionImage string = 'mcr.microsoft.com/azure-functions/dotnet-isolated:4-dotnet-isolated10.0'

@minLength(3)
@maxLength(45)
@description('Durable task hub name. Never the self-host\'s (trustedossselfhost): hosts sharing a hub run each other\'s work.')
param taskHubName string = 'trustedossazure'

@description('Elastic Premium size: EP1 = 1 vCPU / 3.5 GB, EP2 = 2 vCPU / 7 GB, EP3 = 4 vCPU / 14 GB per instance.')
@allowed(['EP1', 'EP2', 'EP3'])
param planSku string = profile == 'prod' ? 'EP2' : 'EP1'

@minValue(1)
@description('Always-ready instances.')
param minimumInstances int = 1

@minValue(1)
@description('The most instances the plan scales out to.')
param maximumInstances int = profile == 'prod' ? 10 : 3

@minValue(1)
@description('Scan stages run at once per instance (overrides host.json maxConcurrentActivityFunctions).')
param maxConcurrentActivities int = profile == 'prod' ? 2 : 1

@description('PostgreSQL administrator login; the app connects as this user.')
param postgresAdminLogin string = 'trustedoss'

@secure()
@minLength(16)
@description('PostgreSQL administrator password (stored in Key Vault inside the app\'s connection string).')
param postgresAdminPassword string

@secure()
@minLength(32)
@description('API_KEY_PEPPER: HMAC key for stored API keys. Changing it invalidates every issued key.')
param apiKeyPepper string

@description('GIT_ALLOWED_SCHEMES on Azure (never file).')
param gitAllowedSchemes string = 'https'

@description('TRIVY_DB_REPOSITORY: where the RefreshTrivyDb timer downloads the vulnerability DB.')
param trivyDbRepository string = 'ghcr.io/aquasecurity/trivy-db'

@description('LICENSE_TIER_CATALOG: a path inside the image to a legal-tier override file; empty = built-in tiers.')
param licenseTierCatalog string = ''

@description('REGISTRY_USERNAME: the user container scans pull image references as; empty = anonymous pulls.')
param registryUsername string = ''

@secure()
@description('REGISTRY_PASSWORD: that user\'s password or token (stored in Key Vault; empty with an empty username).')
param registryPassword string = ''

var token = toLower(uniqueString(subscription().id, environmentName, location))
var tags = { 'azd-env-name': environmentName, app: 'trustedoss-scans', profile: profile }
var isProd = profile == 'prod'

resource group 'Microsoft.Resources/resourceGroups@2024-03-01' = {
  name: 'rg-${environmentName}'
  location: location
  tags: tags
}

module identity 'modules/identity.bicep' = {
  name: 'identity'
  scope: group
  params: {
    name: 'id-trustedoss-${token}'
    location: location
    tags: tags
  }
}

module monitoring 'modules/monitoring.bicep' = {
  name: 'monitoring'
  scope: group
  params: {
    logAnalyticsName: 'log-trustedoss-${token}'
    appInsightsName: 'appi-trustedoss-${token}'
    location: location
    tags: tags
    retentionInDays: isProd ? 90 : 30
  }
}

module storage 'modules/storage.bicep' = {
  name: 'storage'
  scope: group
  params: {
    name: 'sttos${token}'
    location: location
    tags: tags
    skuName: isProd ? 'Standard_ZRS' : 'Standard_LRS'
    identityPrincipalId: identity.outputs.principalId
    trivyCacheShareName: 'trivy-cache'
  }
}

module signalR 'modules/signalr.bicep' = {
  name: 'signalr'
  scope: group
  params: {
    name: 'sigr-trustedoss-${token}'
    location: location
    tags: tags
    skuName: isProd ? 'Standard_S1' : 'Free_F1'
    capacity: 1
  }
}

module postgres 'modules/postgres.bicep' = {
  name: 'postgres'
  scope: group
  params: {
    name: 'psql-trustedoss-${token}'
    location: location
    tags: tags
    databaseName: 'trustedoss'
    administratorLogin: postgresAdminLogin
    administratorLoginPassword: postgresAdminPassword
    tier: isProd ? 'GeneralPurpose' : 'Burstable'
    skuName: isProd ? 'Standard_D2ds_v5' : 'Standard_B1ms'
    storageSizeGB: isProd ? 128 : 32
    highAvailability: isProd ? 'ZoneRedundant' : 'Disabled'
    backupRetentionDays: isProd ? 35 : 7
  }
}

module registry 'modules/registry.bicep' = {
  name: 'registry'
  scope: group
  params: {
    name: 'crtos${token}'
    location: location
    tags: tags
    identityPrincipalId: identity.outputs.principalId
  }
}

module keyVault 'modules/keyvault.bicep' = {
  name: 'keyvault'
  scope: group
  params: {
    name: 'kv-tos-${token}'
    location: location
    tags: tags
    identityPrincipalId: identity.outputs.principalId
    purgeProtection: isProd
    softDeleteRetentionInDays: isProd ? 90 : 7
    storageAccountName: storage.outputs.name
    signalRName: signalR.outputs.name
    appInsightsName: monitoring.outputs.appInsightsName
    postgresFqdn: postgres.outputs.fqdn
    postgresDatabase: postgres.outputs.databaseName
    postgresLogin: postgresAdminLogin
    postgresPassword: postgresAdminPassword
    apiKeyPepper: apiKeyPepper
    registryPassword: registryPassword
  }
}

module functionApp 'modules/functionapp.bicep' = {
  name: 'functionapp'
  scope: group
  params: {
    name: 'func-trustedoss-${token}'
    planName: 'plan-trustedoss-${token}'
    location: location
    tags: tags
    planSku: planSku
    minimumInstances: minimumInstances
    maximumInstances: maximumInstances
    maxConcurrentActivities: maxConcurrentActivities
    image: functionImage
    identityId: identity.outputs.id
    identityClientId: identity.outputs.clientId
    keyVaultName: keyVault.outputs.name // after the secrets and the Secrets User role exist
    storageAccountName: storage.outputs.name
    trivyCacheShareName: storage.outputs.trivyCacheShareName
    logAnalyticsWorkspaceId: monitoring.outputs.workspaceId
    taskHubName: taskHubName
    gitAllowedSchemes: gitAllowedSchemes
    trivyDbRepository: trivyDbRepository
    licenseTierCatalog: licenseTierCatalog
    registryUsername: registryUsername
  }
  dependsOn: [registry] // the AcrPull role must exist before the first image pull
}

// Read by azd: where to push the image, and what to print.
output AZURE_LOCATION string = location
output AZURE_TENANT_ID string = tenant().tenantId
output AZURE_RESOURCE_GROUP string = group.name
output AZURE_CONTAINER_REGISTRY_ENDPOINT string = registry.outputs.loginServer
output AZURE_KEY_VAULT_NAME string = keyVault.outputs.name
output FUNCTION_APP_NAME string = functionApp.outputs.name
output SERVICE_FUNCTIONS_URL string = 'https://${functionApp.outputs.defaultHostName}'
