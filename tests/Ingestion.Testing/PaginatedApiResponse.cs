using Microsoft.AspNetCore.Http;

namespace Ingestion.Testing;

/// <summary>One answer of <see cref="PaginatedApi"/>, decided before anything is written.</summary>
internal sealed record PaginatedApiResponse(int StatusCode, byte[] Body)
{
    public IReadOnlyList<KeyValuePair<string, string>> Headers { get; init; } = [];

    public static PaginatedApiResponse Ok(byte[] body) => new(StatusCodes.Status200OK, body);

    public static PaginatedApiResponse BadRequest(string message) =>
        new(StatusCodes.Status400BadRequest, PaginatedApiBodies.Error(message));

    public static PaginatedApiResponse Unavailable() =>
        new(StatusCodes.Status503ServiceUnavailable, PaginatedApiBodies.Error("Unavailable, try again later."));

    /// <summary>The answer for a page after the last, in <paramref name="style"/>; <paramref name="emptyPage"/> is
    /// the style's usual body with no items.</summary>
    public static PaginatedApiResponse PastEnd(PastEndStyle style, Func<byte[]> emptyPage) => style switch
    {
        PastEndStyle.EmptyArray => Ok(emptyPage()),
        PastEndStyle.NotFound => new(StatusCodes.Status404NotFound, PaginatedApiBodies.Error("No such page.")),
        PastEndStyle.EmptyBody => Ok([]),
        PastEndStyle.BareEmptyArray => Ok("[]"u8.ToArray()),
        _ => throw new ArgumentOutOfRangeException(nameof(style), style, null),
    };

    public async Task WriteAsync(HttpResponse response, CancellationToken cancellationToken)
    {
        response.StatusCode = StatusCode;
        foreach (var (name, value) in Headers)
        {
            response.Headers[name] = value;
        }

        response.ContentType = "application/json";
        response.ContentLength = Body.Length;
        await response.Body.WriteAsync(Body, cancellationToken);
    }
}
