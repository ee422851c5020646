// The task hub's storage account (AzureWebJobsStorage): durable queues and tables, the scan-uploads
// blob container, and the Azure Files share mounted as the shared trivy cache.
param name string
param location string
param tags object
@allowed(['Standard_LRS', 'Standard_ZRS'])
param skuName string
@description('The user-assigned identity that gets the blob, queue and table data roles.')
param identityPrincipalId string
@description('The Azure Files share the Function App mounts as TRIVY_CACHE_DIR.')
param trivyCacheShareName string

// Built-in role ids: https://learn.microsoft.com/azure/role-based-access-control/built-in-roles
var dataRoles = {
  blobDataContributor: 'ba92f5b4-2d11-453d-a403-e96b0029c9fe'
  queueDataContributor: '974c5e8b-45b9-4653-ba55-5f855dd0fb88'
  tableDataContributor: '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3'
}

resource account 'Microsoft.Storage/storageAccounts@2023-05-01' = {
  name: name
  location: location
  tags: tags
  sku: { name: skuName }
  kind: 'StorageV2'
  properties: {
    supportsHttpsTrafficOnly: true
    minimumTlsVersion: 'TLS1_2'
    allowBlobPublicAccess: false
    // The worker builds its clients from the AzureWebJobsStorage connection string (see README
    // "Deploy to Azure"), and the Azure Files mount uses the account key: shared keys stay on.
    allowSharedKeyAccess: true
    defaultToOAuthAuthentication: true
    publicNetworkAccess: 'Enabled'
    accessTier: 'Hot'
  }
}

resource blobs 'Microsoft.Storage/storageAccounts/blobServices@2023-05-01' = {
  parent: account
  name: 'default'
  properties: {
    deleteRetentionPolicy: { enabled: true, days: 7 }
  }
}

resource uploads 'Microsoft.Storage/storageAccounts/blobServices/containers@2023-05-01' = {
  parent: blobs
  name: 'scan-uploads'
  properties: { publicAccess: 'None' }
}

resource files 'Microsoft.Storage/storageAccounts/fileServices@2023-05-01' = {
  parent: account
  name: 'default'
}

resource trivyCache 'Microsoft.Storage/storageAccounts/fileServices/shares@2023-05-01' = {
  parent: files
  name: trivyCacheShareName
  properties: {
    // The trivy DB is about 1 GB unpacked; the refresh stages a second copy before the swap.
    shareQuota: 10
    enabledProtocols: 'SMB'
  }
}

resource dataRoleAssignments 'Microsoft.Authorization/roleAssignments@2022-04-01' = [for role in items(dataRoles): {
  name: guid(account.id, identityPrincipalId, role.value)
  scope: account
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', role.value)
    principalId: identityPrincipalId
    principalType: 'ServicePrincipal'
  }
}]

output name string = account.name
output id string = account.id
output trivyCacheShareName string = trivyCache.name
