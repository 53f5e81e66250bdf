using System.ComponentModel.DataAnnotations;
using System.Net;

namespace Ingestion.Api.Security;

/// <summary>
/// The API's side of the outbound rules, bound from <c>Ingestion:Outbound</c> like the silo's: a URL naming a blocked
/// address literally (<c>http://127.0.0.1/</c>, <c>http://[::1]/</c>, <c>http://2130706433/</c>) is refused when the
/// job is submitted. Host names are checked by the silo when it connects.
/// </summary>
public sealed class OutboundOptions : IValidatableObject
{
    public const string SectionName = "Ingestion:Outbound";

    /// <summary>Accepts URLs that name loopback, private and other non-public addresses (local development and tests).</summary>
    public bool AllowPrivateNetworks { get; set; }

    /// <summary>Non-public networks that URLs may name all the same, in CIDR notation or as single addresses.</summary>
    public List<string> AllowedNetworks { get; set; } = [];

    internal NetworkPolicy CreatePolicy() =>
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
