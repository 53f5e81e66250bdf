using Ingestion.Api.Apis;
using Ingestion.Api.Extensions;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddApplicationServices();

var app = builder.Build();

app.UseExceptionHandler();
app.UseStatusCodePages();

app.MapDefaultEndpoints();
app.MapJobsApi();

app.Run();

/// <summary>The API's entry point, public so that tests can host it.</summary>
public partial class Program;
