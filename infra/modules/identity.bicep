// The one identity the Function App runs as: it reads Key Vault references, pulls the image from the
// registry and holds the storage data roles (role assignments live next to each resource they grant).
param name string
param location string
param tags object

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: name
  location: location
  tags: tags
}

output id string = identity.id
output name string = identity.name
output principalId string = identity.properties.principalId
output clientId string = identity.properties.clientId
