using Ingestion.Networking;
using System.Net;
using Ingestion.Fetching;

namespace Ingestion.UnitTests;

public class NetworkPolicyTests
{
    public static TheoryData<string> BlockedAddresses =>
    [
        // IPv4
        "0.0.0.0", "0.1.2.3", "10.0.0.1", "10.255.255.255", "100.64.0.1", "100.127.255.254", "127.0.0.1", "127.255.255.254",
        "169.254.169.254", "169.254.0.1", "172.16.0.1", "172.31.255.255", "192.0.0.8", "192.0.2.1", "192.88.99.1",
        "192.168.0.1", "192.168.255.255", "198.18.0.1", "198.19.255.255", "198.51.100.7", "203.0.113.9", "224.0.0.1",
        "239.255.255.250", "240.0.0.1", "255.255.255.255",
        // IPv6
        "::", "::1", "::127.0.0.1", "::ffff:127.0.0.1", "::ffff:7f00:1", "::ffff:10.0.0.1", "::ffff:169.254.169.254",
        "::ffff:192.168.1.1", "::ffff:0.0.0.0", "64:ff9b::a9fe:a9fe", "64:ff9b::7f00:1", "64:ff9b:1::1", "100::1",
        "2001::1", "2001:0:4136:e378:8000:63bf:3fff:fdd2", "2001:db8::1", "2002:7f00:1::1", "2002:a9fe:a9fe::1",
        "3fff::1", "fc00::1", "fd12:3456:789a::1", "fe80::1", "fe80::1%2", "febf:ffff::1", "fec0::1", "ff02::1", "ff05::1:3",
    ];

    public static TheoryData<string> PublicAddresses =>
    [
        "1.1.1.1", "8.8.8.8", "93.184.216.34", "100.63.255.255", "100.128.0.0", "172.15.255.255", "172.32.0.0",
        "169.253.255.255", "192.167.255.255", "198.17.255.255", "223.255.255.255", "::ffff:8.8.8.8", "64:ff9b::808:808",
        "2002:808:808::1", "2606:4700:4700::1111", "2a00:1450:4001:80e::200e",
    ];

    [Theory]
    [MemberData(nameof(BlockedAddresses))]
    public void Non_public_addresses_are_refused_by_default(string address)
    {
        var refusal = NetworkPolicy.Default.Refusal(IPAddress.Parse(address));

        Assert.NotNull(refusal);
        Assert.Contains(" is in ", refusal, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(PublicAddresses))]
    public void Public_addresses_are_allowed_by_default(string address) =>
        Assert.Null(NetworkPolicy.Default.Refusal(IPAddress.Parse(address)));

    [Theory]
    [InlineData("127.0.0.1", "127.0.0.0/8 (loopback)")]
    [InlineData("::ffff:169.254.169.254", "169.254.0.0/16 (link-local, cloud metadata)")]
    [InlineData("10.1.2.3", "10.0.0.0/8 (private, RFC 1918)")]
    [InlineData("64:ff9b::a00:1", "10.0.0.0/8 (private, RFC 1918) inside NAT64")]
    [InlineData("fd00::1", "fc00::/7 (unique-local)")]
    public void A_refusal_names_the_range(string address, string range) =>
        Assert.Equal(range, NetworkPolicy.BlockedRange(IPAddress.Parse(address)));

    [Theory]
    [MemberData(nameof(BlockedAddresses))]
    public void Allowing_private_networks_allows_every_address(string address) =>
        Assert.Null(new NetworkPolicy(allowPrivateNetworks: true, []).Refusal(IPAddress.Parse(address)));

    [Theory]
    [InlineData("127.0.0.2", true)]
    [InlineData("::ffff:127.0.0.2", true)]
    [InlineData("127.0.0.1", false)]
    [InlineData("10.20.30.40", true)]
    [InlineData("10.21.0.1", false)]
    [InlineData("fd00::5", true)]
    [InlineData("fd01::5", false)]
    public void The_allowlist_opens_only_its_own_networks(string address, bool allowed)
    {
        var networks = new[] { "127.0.0.2", "10.20.0.0/16", "fd00::/16" }
            .Select(entry => NetworkPolicy.TryParseNetwork(entry, out var network) ? network : throw new FormatException(entry));
        var policy = new NetworkPolicy(allowPrivateNetworks: false, networks);

        Assert.Equal(allowed, policy.Refusal(IPAddress.Parse(address)) is null);
    }

    [Theory]
    [InlineData("10.0.0.0/8", true)]
    [InlineData(" 127.0.0.1 ", true)]
    [InlineData("::1", true)]
    [InlineData("fd00::/8", true)]
    [InlineData("10.0.0.0/33", false)]
    [InlineData("10.0.0.1/8", false)]
    [InlineData("localhost", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void Allowlist_entries_are_networks_or_addresses(string? entry, bool valid) =>
        Assert.Equal(valid, NetworkPolicy.TryParseNetwork(entry, out _));
}
