using System.ComponentModel.DataAnnotations;
using System.Net;

namespace Ingestion.Networking;

/// <summary>
/// Where page requests may go; bound from <c>Ingestion:Outbound</c> and validated at start-up, by the silo (checked on the
/// resolved address when it connects) and by the API (a URL naming a blocked address literally is refused at submission).
/// By default only public internet addresses are reached (see <see cref="NetworkPolicy"/>).
/// </summary>
public sealed class OutboundOptions : IValidatableObject
{
    public const string SectionName = "Ingestion:Outbound";

    /// <summary>
    /// Lets pages come from loopback, private, link-local and every other non-public address. For local development
    /// and tests only: the AppHost sets it in local runs, never in a deployment.
    /// </summary>
    public bool AllowPrivateNetworks { get; set; }

    /// <summary>
    /// Networks reachable although they are not public, in CIDR notation (<c>10.20.0.0/16</c>) or as single addresses
    /// (<c>127.0.0.1</c>): the narrow alternative to <see cref="AllowPrivateNetworks"/>.
    /// </summary>
    public List<string> AllowedNetworks { get; set; } = [];

    /// <summary>How many redirects one request may follow; each new destination is checked again.</summary>
    [Range(0, 20)]
    public int MaxRedirects { get; set; } = 5;

    public NetworkPolicy CreatePolicy() =>
        new(AllowPrivateNetworks, AllowedNetworks.Select(entry => NetworkPolicy.TryParseNetwork(entry, out var network)
            ? network
            : throw new InvalidOperationException($"'{entry}' is not a network.")));

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        for (var index = 0; index < AllowedNetworks.Count; index++)
        {
            if (!NetworkPolicy.TryParseNetwork(AllowedNetworks[index], out IPNetwork _))
            {
                yield return new ValidationResult(
                    $"AllowedNetworks[{index}] '{AllowedNetworks[index]}' is not a network in CIDR notation (10.0.0.0/8) or an IP address.",
                    [nameof(AllowedNetworks)]);
            }
        }
    }
}
