using Ingestion.Networking;
using System.Net;
using Ingestion.Fetching;
using Microsoft.Extensions.Options;

namespace Ingestion.UnitTests;

public class DestinationGuardTests
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    /// <summary>A guard whose "DNS" answers from a table, as a hostile DNS server would.</summary>
    private static DestinationGuard Guard(Dictionary<string, string[]> dns, OutboundOptions? options = null) =>
        new(Options.Create(options ?? new OutboundOptions()), (host, _) =>
            Task.FromResult(dns.TryGetValue(host, out var addresses) ? addresses.Select(IPAddress.Parse).ToArray() : []));

    [Theory]
    [InlineData("localhost")]
    [InlineData("metadata.internal")]
    [InlineData("rebind.example")]
    public async Task A_name_that_resolves_only_to_private_addresses_is_refused(string host)
    {
        var guard = Guard(new()
        {
            ["localhost"] = ["127.0.0.1", "::1"],
            ["metadata.internal"] = ["169.254.169.254"],
            ["rebind.example"] = ["::ffff:10.0.0.7"],
        });

        var refused = await Assert.ThrowsAsync<DestinationRefusedException>(() => guard.ResolveAllowedAsync(host, Cancellation));

        Assert.Contains($"'{host}' resolves only to blocked addresses", refused.Message, StringComparison.Ordinal);
        Assert.Contains("AllowPrivateNetworks", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Only_the_public_addresses_of_a_mixed_answer_are_connected_to()
    {
        var guard = Guard(new() { ["mixed.example"] = ["10.0.0.1", "93.184.216.34", "::1", "2606:4700::1"] });

        var addresses = await guard.ResolveAllowedAsync("mixed.example", Cancellation);

        Assert.Equal([IPAddress.Parse("93.184.216.34"), IPAddress.Parse("2606:4700::1")], addresses);
    }

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("::1")]
    [InlineData("[::1]")]
    [InlineData("[::ffff:127.0.0.1]")]
    [InlineData("169.254.169.254")]
    public async Task A_literal_address_is_checked_without_asking_dns(string host)
    {
        var guard = Guard([]);

        var refused = await Assert.ThrowsAsync<DestinationRefusedException>(() => guard.ResolveAllowedAsync(host, Cancellation));

        Assert.Contains(" is in ", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Allowing_private_networks_lets_loopback_through()
    {
        var guard = Guard(new() { ["localhost"] = ["127.0.0.1"] }, new OutboundOptions { AllowPrivateNetworks = true });

        Assert.Equal([IPAddress.Loopback], await guard.ResolveAllowedAsync("localhost", Cancellation));
    }

    [Fact]
    public async Task The_allowlist_lets_only_its_networks_through()
    {
        var guard = Guard(
            new() { ["upstream.test"] = ["127.0.0.2"], ["localhost"] = ["127.0.0.1"] },
            new OutboundOptions { AllowedNetworks = ["127.0.0.2/32"] });

        Assert.Equal([IPAddress.Parse("127.0.0.2")], await guard.ResolveAllowedAsync("upstream.test", Cancellation));
        await Assert.ThrowsAsync<DestinationRefusedException>(() => guard.ResolveAllowedAsync("localhost", Cancellation));
    }

    [Theory]
    [InlineData("http://127.0.0.1:1/")]
    [InlineData("http://[::1]:1/")]
    [InlineData("http://169.254.169.254/latest/meta-data/")]
    [InlineData("http://0x7f.1:1/")]
    public async Task An_http_client_with_the_guard_refuses_before_connecting(string url)
    {
        using var handler = new SocketsHttpHandler { ConnectCallback = Guard([]).ConnectAsync, UseProxy = false };
        using var client = new HttpClient(handler);

        var exception = await Assert.ThrowsAsync<HttpRequestException>(() => client.GetAsync(url, Cancellation));

        Assert.NotNull(DestinationRefusedException.FindIn(exception));
    }

    [Fact]
    public void Options_with_a_bad_allowlist_entry_are_not_valid()
    {
        var options = new OutboundOptions { AllowedNetworks = ["10.0.0.0/8", "not-a-network"] };

        var results = options.Validate(new System.ComponentModel.DataAnnotations.ValidationContext(options)).ToList();

        var result = Assert.Single(results);
        Assert.Contains("AllowedNetworks[1] 'not-a-network'", result.ErrorMessage, StringComparison.Ordinal);
    }
}
