using Ingestion.Networking;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;

namespace Ingestion.Api.Security;

internal static class SecurityServiceExtensions
{
    /// <summary>
    /// The API key scheme (the default, so <c>RequireAuthorization()</c> means "has the key"), the outbound rules for
    /// submitted URLs, and Kestrel's request limits; every option validated at start-up.
    /// </summary>
    public static WebApplicationBuilder AddApiSecurity(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<ApiKeyOptions>()
            .Bind(builder.Configuration.GetSection(ApiKeyOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddOptions<OutboundOptions>()
            .Bind(builder.Configuration.GetSection(OutboundOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddOptions<RequestLimits>()
            .Bind(builder.Configuration.GetSection(RequestLimits.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();

        builder.Services.AddAuthentication(ApiKeyAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null);
        builder.Services.AddAuthorization();

        builder.Services.AddOptions<KestrelServerOptions>()
            .Configure<IOptions<RequestLimits>>((kestrel, limits) =>
            {
                var value = limits.Value;
                kestrel.Limits.MaxRequestBodySize = value.MaxRequestBodyBytes;
                kestrel.Limits.MaxRequestHeaderCount = value.MaxRequestHeaderCount;
                kestrel.Limits.MaxRequestHeadersTotalSize = value.MaxRequestHeadersTotalBytes;
                kestrel.Limits.MaxRequestLineSize = value.MaxRequestLineBytes;
            });

        return builder;
    }
}
