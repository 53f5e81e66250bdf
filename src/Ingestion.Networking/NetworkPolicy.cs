using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Ingestion.Networking;

/// <summary>
/// Which IP addresses the service may connect to on a user's behalf. By default every address that is not on the public
/// internet is refused: loopback, private (RFC 1918), carrier-grade NAT, link-local (the cloud metadata endpoint),
/// unique-local and link-local IPv6, multicast, unspecified, documentation and other reserved ranges, and the IPv6 forms
/// that embed any of those IPv4 addresses (IPv4-mapped, IPv4-compatible, NAT64, 6to4).
/// </summary>
public sealed class NetworkPolicy
{
    private static readonly (IPNetwork Network, string Name)[] BlockedV4 =
    [
        (IPNetwork.Parse("0.0.0.0/8"), "unspecified, this network"),
        (IPNetwork.Parse("10.0.0.0/8"), "private, RFC 1918"),
        (IPNetwork.Parse("100.64.0.0/10"), "carrier-grade NAT"),
        (IPNetwork.Parse("127.0.0.0/8"), "loopback"),
        (IPNetwork.Parse("169.254.0.0/16"), "link-local, cloud metadata"),
        (IPNetwork.Parse("172.16.0.0/12"), "private, RFC 1918"),
        (IPNetwork.Parse("192.0.0.0/24"), "reserved, IETF protocol assignments"),
        (IPNetwork.Parse("192.0.2.0/24"), "documentation"),
        (IPNetwork.Parse("192.88.99.0/24"), "reserved, 6to4 relay"),
        (IPNetwork.Parse("192.168.0.0/16"), "private, RFC 1918"),
        (IPNetwork.Parse("198.18.0.0/15"), "reserved, benchmarking"),
        (IPNetwork.Parse("198.51.100.0/24"), "documentation"),
        (IPNetwork.Parse("203.0.113.0/24"), "documentation"),
        (IPNetwork.Parse("224.0.0.0/4"), "multicast"),
        (IPNetwork.Parse("240.0.0.0/4"), "reserved and broadcast"),
    ];

    private static readonly (IPNetwork Network, string Name)[] BlockedV6 =
    [
        (IPNetwork.Parse("::/128"), "unspecified"),
        (IPNetwork.Parse("::1/128"), "loopback"),
        (IPNetwork.Parse("::/96"), "reserved, IPv4-compatible"),
        (IPNetwork.Parse("64:ff9b:1::/48"), "reserved, local NAT64"),
        (IPNetwork.Parse("100::/64"), "reserved, discard-only"),
        (IPNetwork.Parse("2001::/23"), "reserved, IETF protocol assignments and Teredo"),
        (IPNetwork.Parse("2001:db8::/32"), "documentation"),
        (IPNetwork.Parse("3fff::/20"), "documentation"),
        (IPNetwork.Parse("fc00::/7"), "unique-local"),
        (IPNetwork.Parse("fe80::/10"), "link-local"),
        (IPNetwork.Parse("fec0::/10"), "site-local, deprecated"),
        (IPNetwork.Parse("ff00::/8"), "multicast"),
    ];

    private static readonly IPNetwork Nat64 = IPNetwork.Parse("64:ff9b::/96");
    private static readonly IPNetwork SixToFour = IPNetwork.Parse("2002::/16");

    private readonly bool _allowPrivateNetworks;
    private readonly IPNetwork[] _allowed;

    public NetworkPolicy(bool allowPrivateNetworks, IEnumerable<IPNetwork> allowedNetworks)
    {
        _allowPrivateNetworks = allowPrivateNetworks;
        _allowed = [.. allowedNetworks];
    }

    /// <summary>Refuses every non-public address, and allows nothing extra.</summary>
    public static NetworkPolicy Default { get; } = new(allowPrivateNetworks: false, []);

    /// <summary>
    /// Reads an allowlist entry: a network in CIDR notation (<c>10.1.0.0/16</c>, <c>fd00::/8</c>) or a single address
    /// (<c>127.0.0.1</c>, meaning /32 or /128). A network whose address has host bits set (<c>10.0.0.1/8</c>) is refused.
    /// </summary>
    public static bool TryParseNetwork(string? text, out IPNetwork network)
    {
        network = default;
        var trimmed = text?.Trim();
        if (string.IsNullOrEmpty(trimmed))
        {
            return false;
        }

        if (trimmed.Contains('/', StringComparison.Ordinal))
        {
            // Host bits must be clear: "127.0.0.2/8" would quietly open all of 127.0.0.0/8.
            return IPNetwork.TryParse(trimmed, out network)
                && IPAddress.TryParse(trimmed[..trimmed.IndexOf('/', StringComparison.Ordinal)], out var written)
                && written.Equals(network.BaseAddress);
        }

        if (!IPAddress.TryParse(trimmed, out var address))
        {
            return false;
        }

        network = new IPNetwork(Normalize(address), address.AddressFamily == AddressFamily.InterNetwork || address.IsIPv4MappedToIPv6 ? 32 : 128);
        return true;
    }

    /// <summary>Why <paramref name="address"/> must not be reached, or null when it may be.</summary>
    public string? Refusal(IPAddress address)
    {
        if (_allowPrivateNetworks)
        {
            return null;
        }

        var normalized = Normalize(address);
        if (_allowed.Any(network => network.BaseAddress.AddressFamily == normalized.AddressFamily && network.Contains(normalized)))
        {
            return null;
        }

        return BlockedRange(address) is { } range ? $"{address} is in {range}" : null;
    }

    /// <summary>The blocked range that holds <paramref name="address"/>, as <c>127.0.0.0/8 (loopback)</c>, or null for a public address.</summary>
    public static string? BlockedRange(IPAddress address)
    {
        var normalized = Normalize(address);
        if (normalized.AddressFamily == AddressFamily.InterNetwork)
        {
            return Find(BlockedV4, normalized);
        }

        if (normalized.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return "non-IP";
        }

        if (Find(BlockedV6, normalized) is { } range)
        {
            return range;
        }

        // NAT64 and 6to4 carry an IPv4 address inside: they are as reachable as the address they carry.
        var bytes = normalized.GetAddressBytes();
        if (Nat64.Contains(normalized))
        {
            return Find(BlockedV4, new IPAddress(bytes.AsSpan(12, 4))) is { } embedded ? $"{embedded} inside NAT64" : null;
        }

        if (SixToFour.Contains(normalized))
        {
            return Find(BlockedV4, new IPAddress(bytes.AsSpan(2, 4))) is { } embedded ? $"{embedded} inside 6to4" : null;
        }

        return null;
    }

    /// <summary>An IPv4-mapped IPv6 address (<c>::ffff:a.b.c.d</c>) is the IPv4 address it maps; scope ids are dropped.</summary>
    private static IPAddress Normalize(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            return address.MapToIPv4();
        }

        return address.AddressFamily == AddressFamily.InterNetworkV6 && address.ScopeId != 0
            ? new IPAddress(address.GetAddressBytes())
            : address;
    }

    private static string? Find((IPNetwork Network, string Name)[] ranges, IPAddress address)
    {
        foreach (var (network, name) in ranges)
        {
            if (network.Contains(address))
            {
                return string.Create(CultureInfo.InvariantCulture, $"{network} ({name})");
            }
        }

        return null;
    }
}
