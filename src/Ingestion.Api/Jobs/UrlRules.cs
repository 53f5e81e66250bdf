using System.Net;
using Ingestion.Networking;

namespace Ingestion.Api.Jobs;

/// <summary>
/// What a URL in a job spec must be: absolute http(s), within the length limit, without credentials, and not naming a
/// blocked address literally.
/// </summary>
/// <remarks>
/// A URL whose host is an IP address in a blocked network, in any of its spellings (<c>127.1</c>, <c>2130706433</c>,
/// <c>0x7f.1</c>, <c>[::ffff:127.0.0.1]</c>), is refused here already; host names are left to the silo, which checks
/// the addresses they resolve to when it connects.
/// </remarks>
internal sealed class UrlRules(JobLimits limits, NetworkPolicy networks)
{
    public string? ProblemWith(string url)
    {
        var maxLength = limits.MaxUrlLength;
        if (url.Length > maxLength)
        {
            return $"URLs must be at most {maxLength} characters.";
        }

        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri))
        {
            return $"'{Excerpt(url)}' is not an absolute URL.";
        }

        if (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)
        {
            return $"Only http and https URLs can be fetched, not '{uri.Scheme}'.";
        }

        if (!string.IsNullOrEmpty(uri.UserInfo))
        {
            return "URLs must not carry credentials; send them in headers.";
        }

        if (LiteralAddress(uri) is { } address && networks.Refusal(address) is { } refusal)
        {
            return $"'{Excerpt(url)}' names a blocked address: {refusal}. Private networks are refused unless "
                + $"{OutboundOptions.SectionName}:AllowPrivateNetworks or AllowedNetworks allows them.";
        }

        return null;
    }

    /// <summary>A value as an error message quotes it: its first 100 characters.</summary>
    public static string Excerpt(string value) => value.Length <= 100 ? value : value[..100] + "…";

    /// <summary>
    /// The IP address a URL's host spells, however it spells it: <see cref="Uri"/> reads the short, decimal, octal and
    /// hexadecimal IPv4 forms, and the IDN form turns full-width digits and dots into plain ones.
    /// </summary>
    private static IPAddress? LiteralAddress(Uri uri)
    {
        string host;
        try
        {
            host = uri.IdnHost;
        }
        catch (UriFormatException)
        {
            host = uri.Host;
        }

        host = host.TrimEnd('.');
        return IPAddress.TryParse(host, out var address) ? address : null;
    }
}
