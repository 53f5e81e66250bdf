// One Orleans silo as a Container App, in the shape the Orleans documentation gives for Azure Container Apps: exactly
// one replica (Container Apps has no per-replica address, so each silo is an app of its own), TCP ingress on the
// silo-to-silo and gateway ports inside the internal environment, and the environment's private static IP advertised
// with this silo's own port pair.
//
// The AppHost deploys every silo with this file: each silo resource of its manifest is `project.v1` with a `deployment`
// of this module and its own parameters (name, image, exposed ports). At `azd deploy` azd builds the silo's image, fills
// in the parameters and deploys the module. azd copies this one file, so it must stay self-contained.
//
// The settings below are the ones the AppHost gives the silo (its manifest `env`); the deployment tests check that every
// one of them is set here.

@description('The Container App\'s name: the silo\'s resource name in the AppHost (silo, silo-2, ...).')
param name string

@description('The Azure region of the app.')
param location string = resourceGroup().location

@description('The silo\'s image in the registry, as azd pushed it.')
param image string

@description('The internal Container Apps environment of the silos (network.bicep).')
param environmentId string

@description('The registry that azd pushes the images to.')
param registryServer string

@description('The user-assigned managed identity that pulls the image and reaches storage.')
param identityId string

@description('Its client ID, for DefaultAzureCredential (AZURE_CLIENT_ID).')
param identityClientId string

@description('The silo environment\'s private static IP, which every silo advertises.')
param advertisedIp string

@description('This silo\'s silo-to-silo port on the environment\'s address; unique in the environment.')
param siloPort string

@description('This silo\'s gateway port (for the API\'s Orleans client) on the environment\'s address; unique too.')
param gatewayPort string

@description('The port of the silo\'s HTTP endpoint (health checks).')
param httpPort string

@description('The Orleans cluster ID, shared by every silo and the API.')
param clusterId string

@description('The Orleans service ID: stable across deployments, so that grain state and reminders keep belonging to the service.')
param serviceId string

@description('The blob endpoint: page blobs, manifests, job state.')
param blobEndpoint string

@description('The table endpoint: cluster membership and reminders.')
param tableEndpoint string

@description('Where the silo sends its telemetry (Application Insights).')
param applicationInsightsConnectionString string

// azd writes a deployment parameter that looks like a number as a quoted YAML string ('"11112"'), so the port
// parameters are read with or without those quotes.
var exposedSiloPort = int(replace(siloPort, '"', ''))
var exposedGatewayPort = int(replace(gatewayPort, '"', ''))
var httpPortNumber = int(replace(httpPort, '"', ''))

// The container ports the Orleans documentation uses. Every silo listens on the same ones; the environment maps this
// app's exposed ports to them.
var siloListeningPort = 11111
var gatewayListeningPort = 30000

resource silo 'Microsoft.App/containerApps@2024-03-01' = {
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
      // One revision at a time: two revisions of a silo would share its advertised address and ports.
      activeRevisionsMode: 'Single'
      ingress: {
        // external is as seen from the environment: it is internal, so this reaches the virtual network, not the
        // internet.
        external: true
        transport: 'tcp'
        targetPort: siloListeningPort
        exposedPort: exposedSiloPort
        additionalPortMappings: [
          {
            external: true
            targetPort: gatewayListeningPort
            exposedPort: exposedGatewayPort
          }
        ]
      }
      registries: [
        {
          server: registryServer
          identity: identityId
        }
      ]
    }
    template: {
      // Longer than a silo's graceful stop: it hands its pages back and leaves the membership before it exits.
      terminationGracePeriodSeconds: 60
      containers: [
        {
          name: 'silo'
          image: image
          resources: {
            cpu: json('1.0')
            memory: '2Gi'
          }
          env: [
            { name: 'AZURE_CLIENT_ID', value: identityClientId }
            { name: 'OTEL_DOTNET_EXPERIMENTAL_OTLP_RETRY', value: 'in_memory' }
            { name: 'ASPNETCORE_FORWARDEDHEADERS_ENABLED', value: 'true' }
            { name: 'HTTP_PORTS', value: string(httpPortNumber) }
            { name: 'APPLICATIONINSIGHTS_CONNECTION_STRING', value: applicationInsightsConnectionString }
            { name: 'ConnectionStrings__blobs', value: blobEndpoint }
            { name: 'ConnectionStrings__tables', value: tableEndpoint }
            { name: 'Orleans__ClusterId', value: clusterId }
            { name: 'Orleans__ServiceId', value: serviceId }
            { name: 'Orleans__EnableDistributedTracing', value: 'true' }
            { name: 'Orleans__Clustering__ProviderType', value: 'AzureTableStorage' }
            { name: 'Orleans__Clustering__ServiceKey', value: 'tables' }
            { name: 'Orleans__Reminders__ProviderType', value: 'AzureTableStorage' }
            { name: 'Orleans__Reminders__ServiceKey', value: 'tables' }
            { name: 'Orleans__GrainStorage__jobs__ProviderType', value: 'AzureBlobStorage' }
            { name: 'Orleans__GrainStorage__jobs__ServiceKey', value: 'blobs' }
            // Advertised: the environment's address and this app's exposed ports, where other silos and clients
            // reach it. Listened on: the container ports, on every interface of the replica.
            { name: 'Orleans__Endpoints__AdvertisedIPAddress', value: advertisedIp }
            { name: 'Orleans__Endpoints__SiloPort', value: string(exposedSiloPort) }
            { name: 'Orleans__Endpoints__GatewayPort', value: string(exposedGatewayPort) }
            { name: 'Orleans__Endpoints__SiloListeningEndpoint', value: '0.0.0.0:${siloListeningPort}' }
            { name: 'Orleans__Endpoints__GatewayListeningEndpoint', value: '0.0.0.0:${gatewayListeningPort}' }
          ]
          probes: [
            // The process answers: it has started. Liveness never depends on storage or the cluster, so an outage of
            // either does not restart every silo.
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
            // Ready once the silo is an active member of the cluster and its storage answers.
            {
              type: 'Readiness'
              httpGet: {
                path: '/health'
                port: httpPortNumber
              }
              periodSeconds: 5
              failureThreshold: 3
              // Above the check's own 5 s limit on storage.
              timeoutSeconds: 6
            }
          ]
        }
      ]
      // Exactly one replica, always: a silo is one member of the cluster, and the cluster never scales to zero.
      scale: {
        minReplicas: 1
        maxReplicas: 1
      }
    }
  }
}

@description('The silo\'s Container App.')
output id string = silo.id
