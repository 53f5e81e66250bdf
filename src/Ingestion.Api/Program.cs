using Ingestion.Api.Apis;
using Ingestion.Api.Extensions;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddApplicationServices();

var app = builder.Build();

app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseAuthentication();
app.UseAuthorization();

// /health and /alive stay anonymous; everything under /api needs the API key.
app.MapDefaultEndpoints();
app.MapGroup("api").RequireAuthorization().MapJobsApi();

app.Run();

/// <summary>The API's entry point, public so that tests can host it.</summary>
public partial class Program;
