// The dev profile for `az deployment sub create -l <region> -f infra/main.bicep -p infra/main.dev.bicepparam`.
// Secrets come from the environment, never from this file (README "Deploy to Azure").
using './main.bicep'

param environmentName = readEnvironmentVariable('AZURE_ENV_NAME', 'trustedoss-dev')
param location = readEnvironmentVariable('AZURE_LOCATION', 'westeurope')
param profile = 'dev'
param functionImage = readEnvironmentVariable('SERVICE_FUNCTIONS_IMAGE_NAME', 'mcr.microsoft.com/azure-functions/dotnet-isolated:4-dotnet-isolated10.0')
param taskHubName = 'trustedossazure'
param postgresAdminPassword = readEnvironmentVariable('POSTGRES_ADMIN_PASSWORD')
param apiKeyPepper = readEnvironmentVariable('API_KEY_PEPPER')

// Scaling knobs (README "Scaling and what it costs")
param planSku = 'EP1'
param minimumInstances = 1
param maximumInstances = 3
param maxConcurrentActivities = 1
param gitAllowedSchemes = 'https'
