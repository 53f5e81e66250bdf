using Ingestion.Api.Apis;
using Ingestion.Api.Extensions;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddApplicationServices();
builder.UseOrleansClient(client =>
{
    // Grain calls carry each request's trace into the silo. Orleans does this itself when configuration says so (Aspire
    // sets Orleans:EnableDistributedTracing), and its filters must not be added twice.
    if (!bool.TryParse(client.Configuration["Orleans:EnableDistributedTracing"], out var configured) || !configured)
    {
        client.AddActivityPropagation();
    }
});

var app = builder.Build();

app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseAuthentication();
app.UseAuthorization();

// /health and /alive stay anonymous; everything under /api needs the API key, and so does the OpenAPI document unless
// the reference is exposed (in Development, or by Ingestion:Api:ExposeApiReference).
app.MapDefaultEndpoints();
app.MapApiReference();
app.MapGroup("api")
    .RequireAuthorization()
    .ProducesProblem(StatusCodes.Status401Unauthorized)
    .MapJobsApi()
    .MapPipelinesApi();

app.Run();

/// <summary>The API's entry point, public so that tests can host it.</summary>
public partial class Program;
