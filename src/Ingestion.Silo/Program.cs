using Ingestion.Silo;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddIngestionSilo();

var app = builder.Build();

app.MapDefaultEndpoints();
app.MapOrleansDashboardIfEnabled();

app.Run();
