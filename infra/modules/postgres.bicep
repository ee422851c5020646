// PostgreSQL Flexible Server and the app's database. Clients must use TLS (require_secure_transport),
// and the app's connection string verifies the server certificate (SSL Mode=VerifyFull).
param name string
param location string
param tags object
param databaseName string
param administratorLogin string
@secure()
param administratorLoginPassword string
@allowed(['Burstable', 'GeneralPurpose', 'MemoryOptimized'])
param tier string
param skuName string
@minValue(32)
param storageSizeGB int
@allowed(['Disabled', 'ZoneRedundant', 'SameZone'])
param highAvailability string
@minValue(7)
param backupRetentionDays int

resource server 'Microsoft.DBforPostgreSQL/flexibleServers@2024-08-01' = {
  name: name
  location: location
  tags: tags
  sku: {
    name: skuName
    tier: tier
  }
  properties: {
    version: '16'
    administratorLogin: administratorLogin
    administratorLoginPassword: administratorLoginPassword
    authConfig: {
      passwordAuth: 'Enabled'
      activeDirectoryAuth: 'Disabled'
    }
    storage: {
      storageSizeGB: storageSizeGB
      autoGrow: 'Enabled'
    }
    backup: {
      backupRetentionDays: backupRetentionDays
      geoRedundantBackup: 'Disabled'
    }
    highAvailability: { mode: highAvailability }
    network: { publicNetworkAccess: 'Enabled' }
  }
}

resource database 'Microsoft.DBforPostgreSQL/flexibleServers/databases@2024-08-01' = {
  parent: server
  name: databaseName
  properties: {
    charset: 'UTF8'
    collation: 'en_US.utf8'
  }
}

resource requireTls 'Microsoft.DBforPostgreSQL/flexibleServers/configurations@2024-08-01' = {
  parent: server
  name: 'require_secure_transport'
  properties: {
    value: 'ON'
    source: 'user-override'
  }
}

resource minTls 'Microsoft.DBforPostgreSQL/flexibleServers/configurations@2024-08-01' = {
  parent: server
  name: 'ssl_min_protocol_version'
  properties: {
    value: 'TLSv1.2'
    source: 'user-override'
  }
  dependsOn: [requireTls] // the server applies one configuration change at a time
}

// 0.0.0.0 is Azure's "allow Azure services" rule: the Function App's outbound addresses are not
// fixed on Elastic Premium without VNet integration (README "Deploy to Azure" says how to close it).
resource allowAzure 'Microsoft.DBforPostgreSQL/flexibleServers/firewallRules@2024-08-01' = {
  parent: server
  name: 'AllowAzureServices'
  properties: {
    startIpAddress: '0.0.0.0'
    endIpAddress: '0.0.0.0'
  }
  dependsOn: [minTls]
}

output name string = server.name
output fqdn string = server.properties.fullyQualifiedDomainName
output databaseName string = database.name
