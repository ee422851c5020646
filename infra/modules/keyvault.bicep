// Key Vault with the app's secrets. The Function App reads them through @Microsoft.KeyVault(...)
// app-setting references with its user-assigned identity (Key Vault Secrets User, nothing more).
// Secret names here are the ones modules/functionapp.bicep references.
param name string
param location string
param tags object
param identityPrincipalId string
param purgeProtection bool
@minValue(7)
param softDeleteRetentionInDays int

param storageAccountName string
param signalRName string
param appInsightsName string
param postgresFqdn string
param postgresDatabase string
param postgresLogin string
@secure()
param postgresPassword string
@secure()
param apiKeyPepper string
@secure()
param registryPassword string

var secretsUserRole = '4633458b-17de-408a-b874-0445c86b69e6'

resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' existing = {
  name: storageAccountName
}

resource signalR 'Microsoft.SignalRService/signalR@2024-03-01' existing = {
  name: signalRName
}

resource appInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: appInsightsName
}

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' = {
  name: name
  location: location
  tags: tags
  properties: {
    tenantId: subscription().tenantId
    sku: { family: 'A', name: 'standard' }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: softDeleteRetentionInDays
    enablePurgeProtection: purgeProtection ? true : null
    publicNetworkAccess: 'Enabled'
  }
}

resource secretsUser 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(vault.id, identityPrincipalId, secretsUserRole)
  scope: vault
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', secretsUserRole)
    principalId: identityPrincipalId
    principalType: 'ServicePrincipal'
  }
}

resource postgresConnection 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = {
  parent: vault
  name: 'postgres-connection-string'
  properties: {
    value: 'Host=${postgresFqdn};Port=5432;Database=${postgresDatabase};Username=${postgresLogin};Password=${postgresPassword};SSL Mode=VerifyFull'
    contentType: 'Npgsql connection string'
  }
}

resource signalRConnection 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = {
  parent: vault
  name: 'signalr-connection-string'
  properties: {
    value: signalR.listKeys().primaryConnectionString
  }
}

resource pepper 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = {
  parent: vault
  name: 'api-key-pepper'
  properties: {
    value: apiKeyPepper
    contentType: 'HMAC pepper for stored API keys; changing it invalidates every issued key'
  }
}

// Always created (empty for anonymous pulls), so REGISTRY_PASSWORD's reference always resolves.
resource registryPasswordSecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = {
  parent: vault
  name: 'registry-password'
  properties: {
    value: registryPassword
    contentType: 'Password or token for REGISTRY_USERNAME (container scans pulling image references)'
  }
}

resource storageConnection 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = {
  parent: vault
  name: 'storage-connection-string'
  properties: {
    value: 'DefaultEndpointsProtocol=https;AccountName=${storage.name};AccountKey=${storage.listKeys().keys[0].value};EndpointSuffix=${environment().suffixes.storage}'
  }
}

resource appInsightsConnection 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = {
  parent: vault
  name: 'appinsights-connection-string'
  properties: {
    value: appInsights.properties.ConnectionString
  }
}

output name string = vault.name
output uri string = vault.properties.vaultUri
