// The storage account of the ingestion service: page blobs, grain state and failed-page journals in Blob Storage,
// Orleans cluster membership and reminders in Table Storage.
//
// The AppHost declares this file as the `storage` resource (azure.bicep.v0) of its manifest. `azd up` deploys it as a
// module of the infrastructure it generates, fills in `location`, `principalId` and `principalType` (the user-assigned
// managed identity that the Container Apps run as), and hands `blobEndpoint` and `tableEndpoint` to the silo and the
// API as `ConnectionStrings__blobs` and `ConnectionStrings__tables`. The services reach those endpoints with
// DefaultAzureCredential; shared keys are switched off, so there is no key anywhere.
//
// azd copies this one file, so it must stay self-contained: no modules from other local files.

@description('The Azure region of the storage account.')
param location string

@description('The principal that gets data access to the account: the managed identity of the Container Apps.')
param principalId string

@description('The type of that principal.')
@allowed([
  'ServicePrincipal'
  'User'
  'Group'
])
param principalType string

// 3 to 24 lower-case letters and digits, unique per resource group (and so per azd environment).
var accountName = take('stingest${uniqueString(resourceGroup().id)}', 24)

// Built-in roles. The Orleans providers create their tables and containers at start-up, and the silo creates the
// containers that jobs name, so both roles need write access to the services themselves, not only to the data.
var storageBlobDataContributor = 'ba92f5b4-2d11-453d-a403-e96b0029c9fe'
var storageTableDataContributor = '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3'

resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' = {
  name: accountName
  location: location
  kind: 'StorageV2'
  sku: {
    name: 'Standard_LRS'
  }
  properties: {
    accessTier: 'Hot'
    // Microsoft Entra ID only: no account keys, no SAS signed with them.
    allowSharedKeyAccess: false
    defaultToOAuthAuthentication: true
    allowBlobPublicAccess: false
    allowCrossTenantReplication: false
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    // The Container Apps environment that azd creates is not in a virtual network: the endpoints stay public, and
    // every request must carry an Entra ID token of a principal with a data role.
    publicNetworkAccess: 'Enabled'
    networkAcls: {
      defaultAction: 'Allow'
      bypass: 'AzureServices'
    }
  }
}

resource blobDataContributor 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(storage.id, principalId, storageBlobDataContributor)
  scope: storage
  properties: {
    principalId: principalId
    principalType: principalType
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', storageBlobDataContributor)
  }
}

resource tableDataContributor 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(storage.id, principalId, storageTableDataContributor)
  scope: storage
  properties: {
    principalId: principalId
    principalType: principalType
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', storageTableDataContributor)
  }
}

@description('The blob service endpoint, e.g. https://<account>.blob.core.windows.net/: ConnectionStrings__blobs.')
output blobEndpoint string = storage.properties.primaryEndpoints.blob

@description('The table service endpoint, e.g. https://<account>.table.core.windows.net/: ConnectionStrings__tables.')
output tableEndpoint string = storage.properties.primaryEndpoints.table

@description('The storage account name, for the Azure portal and `az storage ... --auth-mode login`.')
output name string = storage.name
