// The ingestion API as a Container App: public HTTPS ingress, one to maxReplicas replicas, and an Orleans client that
// finds the silos' gateways in the membership table and reaches them at the silo environment's private address. It
// runs in its own environment, in the silos' virtual network (network.bicep), because the silos' environment is
// internal and has no public address.
//
// The AppHost deploys the API with this file: its resource in the manifest is `project.v1` with a `deployment` of this
// module. azd copies this one file, so it must stay self-contained. The settings below are the ones the AppHost gives
// the API (its manifest `env`); the deployment tests check that every one of them is set here.

@description('The Container App\'s name: the API\'s resource name in the AppHost.')
param name string

@description('The Azure region of the app.')
param location string = resourceGroup().location

@description('The API\'s image in the registry, as azd pushed it.')
param image string

@description('The public, VNet-integrated Container Apps environment of the API (network.bicep).')
param environmentId string

@description('The registry that azd pushes the images to.')
param registryServer string

@description('The user-assigned managed identity that pulls the image and reaches storage.')
param identityId string

@description('Its client ID, for DefaultAzureCredential (AZURE_CLIENT_ID).')
param identityClientId string

@description('The port the API listens on.')
param httpPort string

@description('The Orleans cluster ID, shared by every silo and the API.')
param clusterId string

@description('The Orleans service ID, as the silos have it.')
param serviceId string

@description('The table endpoint: the membership table, where the client finds the gateways.')
param tableEndpoint string

@description('Where the API sends its telemetry (Application Insights).')
param applicationInsightsConnectionString string

@description('The key clients send in X-Api-Key.')
@secure()
param apiKey string

@description('The most replicas of the API; it holds no state, so any number serves.')
@minValue(1)
@maxValue(10)
param maxReplicas int = 3

// azd writes a deployment parameter that looks like a number as a quoted YAML string ('"11112"'), so the port
// parameters are read with or without those quotes.
var httpPortNumber = int(replace(httpPort, '"', ''))

resource api 'Microsoft.App/containerApps@2024-03-01' = {
  name: name
  location: location
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identityId}': {}
    }
  }
  properties: {
    environmentId: environmentId
    workloadProfileName: 'Consumption'
    configuration: {
      activeRevisionsMode: 'Single'
      ingress: {
        external: true
        transport: 'auto'
        targetPort: httpPortNumber
        allowInsecure: false
      }
      registries: [
        {
          server: registryServer
          identity: identityId
        }
      ]
      secrets: [
        {
          name: 'api-key'
          value: apiKey
        }
      ]
    }
    template: {
      terminationGracePeriodSeconds: 30
      containers: [
        {
          name: 'api'
          image: image
          resources: {
            cpu: json('0.5')
            memory: '1Gi'
          }
          env: [
            { name: 'AZURE_CLIENT_ID', value: identityClientId }
            { name: 'OTEL_DOTNET_EXPERIMENTAL_OTLP_RETRY', value: 'in_memory' }
            { name: 'ASPNETCORE_FORWARDEDHEADERS_ENABLED', value: 'true' }
            { name: 'HTTP_PORTS', value: string(httpPortNumber) }
            { name: 'APPLICATIONINSIGHTS_CONNECTION_STRING', value: applicationInsightsConnectionString }
            { name: 'ConnectionStrings__tables', value: tableEndpoint }
            { name: 'Orleans__ClusterId', value: clusterId }
            { name: 'Orleans__ServiceId', value: serviceId }
            { name: 'Orleans__EnableDistributedTracing', value: 'true' }
            { name: 'Orleans__Clustering__ProviderType', value: 'AzureTableStorage' }
            { name: 'Orleans__Clustering__ServiceKey', value: 'tables' }
            { name: 'Ingestion__Api__Key', secretRef: 'api-key' }
          ]
          probes: [
            {
              type: 'Startup'
              httpGet: {
                path: '/alive'
                port: httpPortNumber
              }
              periodSeconds: 2
              failureThreshold: 60
              timeoutSeconds: 3
            }
            {
              type: 'Liveness'
              httpGet: {
                path: '/alive'
                port: httpPortNumber
              }
              periodSeconds: 10
              failureThreshold: 3
              timeoutSeconds: 3
            }
            // Ready once the client is connected to the cluster; until then the ingress sends it no requests.
            {
              type: 'Readiness'
              httpGet: {
                path: '/health'
                port: httpPortNumber
              }
              periodSeconds: 5
              failureThreshold: 3
              timeoutSeconds: 6
            }
          ]
        }
      ]
      scale: {
        minReplicas: 1
        maxReplicas: maxReplicas
      }
    }
  }
}

@description('The API\'s public host name.')
output fqdn string = api.properties.configuration.ingress.fqdn
