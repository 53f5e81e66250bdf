// Application Insights for the ingestion service: the silos' and the API's traces, metrics and logs in Azure Monitor,
// and the workspace that also keeps the Container Apps' console and system logs.
//
// The AppHost declares this file as the `monitoring` resource (azure.bicep.v0) of its manifest. `azd up` deploys it as
// a module of the infrastructure it generates, fills in `location`, and hands `connectionString` to the silo and the
// API as APPLICATIONINSIGHTS_CONNECTION_STRING, which makes them export to Azure Monitor (locally they export to the
// Aspire dashboard instead).
//
// azd copies this one file, so it must stay self-contained: no modules from other local files.

@description('The Azure region of the workspace and the Application Insights resource.')
param location string

@description('How many days Log Analytics keeps the telemetry.')
@minValue(30)
@maxValue(730)
param retentionInDays int = 30

var suffix = uniqueString(resourceGroup().id)

resource workspace 'Microsoft.OperationalInsights/workspaces@2023-09-01' = {
  name: 'log-ingest-${suffix}'
  location: location
  properties: {
    sku: {
      name: 'PerGB2018'
    }
    retentionInDays: retentionInDays
  }
}

// Workspace-based: classic Application Insights resources are retired.
resource appInsights 'Microsoft.Insights/components@2020-02-02' = {
  name: 'appi-ingest-${suffix}'
  location: location
  kind: 'web'
  properties: {
    Application_Type: 'web'
    WorkspaceResourceId: workspace.id
    IngestionMode: 'LogAnalytics'
  }
}

// Not a secret: it names where telemetry goes and holds no credential for reading it.
output connectionString string = appInsights.properties.ConnectionString

@description('The Log Analytics workspace, where the Container Apps environments also send the containers\' console and system logs.')
output workspaceId string = workspace.id
