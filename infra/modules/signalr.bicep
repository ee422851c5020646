// Azure SignalR Service in Serverless mode: the Functions host publishes scan frames over its REST
// API and clients negotiate through the app; no hub server keeps connections.
param name string
param location string
param tags object
@allowed(['Free_F1', 'Standard_S1', 'Premium_P1'])
param skuName string
@minValue(1)
param capacity int

resource signalR 'Microsoft.SignalRService/signalR@2024-03-01' = {
  name: name
  location: location
  tags: tags
  kind: 'SignalR'
  sku: {
    name: skuName
    capacity: capacity
  }
  properties: {
    features: [
      { flag: 'ServiceMode', value: 'Serverless' }
      { flag: 'EnableConnectivityLogs', value: 'True' }
    ]
    cors: { allowedOrigins: ['*'] }
    tls: { clientCertEnabled: false }
    publicNetworkAccess: 'Enabled'
    // The app signs with the access key from the connection string kept in Key Vault.
    disableLocalAuth: false
  }
}

output name string = signalR.name
