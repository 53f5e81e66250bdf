// The network of the Orleans cluster: one virtual network with two Container Apps environments.
//
// - `silos`: internal (no public address), as the Orleans documentation prescribes for Container Apps. Each silo is a
//   Container App of its own (silo-app.bicep) with one replica and its own pair of TCP ports on this environment's
//   private static IP, which it advertises to the other silos and to clients in the membership table.
// - `api`: integrated in the same virtual network, with a public address for the API alone. The API's Orleans client
//   reaches the silos' gateways at that private IP.
//
// The AppHost declares this file as the `network` resource (azure.bicep.v0) of its manifest; `azd up` deploys it as a
// module of the infrastructure it generates. azd copies this one file, so it must stay self-contained: no modules from
// other local files.

@description('The Azure region of the network and the environments.')
param location string

@description('The Log Analytics workspace that keeps the containers\' console and system logs (monitoring.bicep).')
param logAnalyticsWorkspaceId string

@description('The address space of the virtual network; each environment takes a /27 of it.')
param addressPrefix string = '10.42.0.0/24'

var suffix = uniqueString(resourceGroup().id)

// One /27 subnet per environment (the smallest a workload-profiles environment accepts), delegated to it.
var environments = [
  {
    name: 'silos'
    // No public address: the silos are reached only from the virtual network, at the environment's static IP.
    internal: true
  }
  {
    name: 'api'
    internal: false
  }
]

resource network 'Microsoft.Network/virtualNetworks@2024-05-01' = {
  name: 'vnet-ingest-${suffix}'
  location: location
  properties: {
    addressSpace: {
      addressPrefixes: [
        addressPrefix
      ]
    }
    subnets: [
      for (each, index) in environments: {
        name: each.name
        properties: {
          addressPrefix: cidrSubnet(addressPrefix, 27, index)
          delegations: [
            {
              name: 'Microsoft.App.environments'
              properties: {
                serviceName: 'Microsoft.App/environments'
              }
            }
          ]
          serviceEndpoints: [
            {
              service: 'Microsoft.Storage'
            }
          ]
        }
      }
    ]
  }
}

resource environment 'Microsoft.App/managedEnvironments@2024-03-01' = [
  for (each, index) in environments: {
    name: 'cae-${each.name}-${suffix}'
    location: location
    properties: {
      appLogsConfiguration: {
        destination: 'azure-monitor'
      }
      vnetConfiguration: {
        infrastructureSubnetId: network.properties.subnets[index].id
        internal: each.internal
      }
      workloadProfiles: [
        {
          name: 'Consumption'
          workloadProfileType: 'Consumption'
        }
      ]
      zoneRedundant: false
    }
  }
]

resource containerLogs 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = [
  for (each, index) in environments: {
    name: 'container-app-logs'
    scope: environment[index]
    properties: {
      workspaceId: logAnalyticsWorkspaceId
      logs: [
        {
          category: 'ContainerAppConsoleLogs'
          enabled: true
        }
        {
          category: 'ContainerAppSystemLogs'
          enabled: true
        }
      ]
    }
  }
]

@description('The internal environment of the silos.')
output siloEnvironmentId string = environment[0].id

@description('The silo environment\'s private IP: every silo advertises it, with its own port pair.')
output siloStaticIp string = environment[0].properties.staticIp

@description('The environment of the API, public and in the same virtual network.')
output apiEnvironmentId string = environment[1].id
