using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Ingestion.UnitTests;

/// <summary>
/// Answers every "Create Container" (<c>PUT /{container}?restype=container</c>) with Blob Storage's 409: the container
/// <c>existing</c> with <c>ContainerAlreadyExists</c>, any other with <c>ContainerBeingDeleted</c>; and every "Create
/// Table" (<c>POST /{account}/Tables</c>) with Table Storage's: in the account <c>existing</c> with
/// <c>TableAlreadyExists</c>, any other with <c>TableBeingDeleted</c>. Listens on 127.0.0.1.
/// </summary>
internal sealed class FakeBlobService : IAsyncDisposable
{
    public const string ExistingContainer = "existing";

    private readonly WebApplication _app;

    private FakeBlobService(WebApplication app) => _app = app;

    public Uri BaseAddress => new(_app.Urls.Single());

    public static async Task<FakeBlobService> StartAsync(CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        app.MapPut("/{container}", (string container, HttpResponse response) =>
        {
            response.Headers["x-ms-error-code"] = container == ExistingContainer ? "ContainerAlreadyExists" : "ContainerBeingDeleted";
            return Results.StatusCode(StatusCodes.Status409Conflict);
        });
        app.MapPost("/{account}/Tables", (string account, HttpResponse response) =>
        {
            response.Headers["x-ms-error-code"] = account == ExistingContainer ? "TableAlreadyExists" : "TableBeingDeleted";
            return Results.StatusCode(StatusCodes.Status409Conflict);
        });
        await app.StartAsync(cancellationToken);
        return new FakeBlobService(app);
    }

    public ValueTask DisposeAsync() => _app.DisposeAsync();
}
