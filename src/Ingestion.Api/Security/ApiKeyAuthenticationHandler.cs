using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Ingestion.Api.Security;

/// <summary>
/// Authenticates a request by the API key in its <c>X-Api-Key</c> header; a request without a valid one is challenged
/// with a <c>401</c> problem. The key is compared in constant time, and never logged.
/// </summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    IOptionsMonitor<ApiKeyOptions> apiKey)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";

    public const string HeaderName = "X-Api-Key";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!Request.Headers.TryGetValue(HeaderName, out var values))
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        if (values.Count != 1 || !Matches(values[0], apiKey.CurrentValue.Key))
        {
            return Task.FromResult(AuthenticateResult.Fail($"The {HeaderName} header does not hold the API key."));
        }

        var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, "api-key")], SchemeName);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.Headers.WWWAuthenticate = $"{SchemeName} header=\"{HeaderName}\"";
        return TypedResults.Problem(
                statusCode: StatusCodes.Status401Unauthorized,
                title: "A valid API key is required.",
                detail: ChallengeDetail(apiKey.CurrentValue.KeyHint))
            .ExecuteAsync(Context);
    }

    /// <summary>The detail of a <c>401</c>: the header to send, then where the key comes from when that is configured.</summary>
    public static string ChallengeDetail(string? keyHint) =>
        string.IsNullOrWhiteSpace(keyHint)
            ? $"Send the API key in the {HeaderName} header."
            : $"Send the API key in the {HeaderName} header. {keyHint.Trim()}";

    /// <summary>
    /// Whether <paramref name="presented"/> is <paramref name="expected"/>, in time that depends on neither: the UTF-8
    /// bytes of both are hashed to the same length first (so not even the key's length shows), then compared with
    /// <see cref="CryptographicOperations.FixedTimeEquals"/>.
    /// </summary>
    public static bool Matches(string? presented, string expected)
    {
        if (string.IsNullOrEmpty(presented) || string.IsNullOrEmpty(expected))
        {
            return false;
        }

        Span<byte> presentedHash = stackalloc byte[SHA256.HashSizeInBytes];
        Span<byte> expectedHash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(presented), presentedHash);
        SHA256.HashData(Encoding.UTF8.GetBytes(expected), expectedHash);
        return CryptographicOperations.FixedTimeEquals(presentedHash, expectedHash);
    }
}
