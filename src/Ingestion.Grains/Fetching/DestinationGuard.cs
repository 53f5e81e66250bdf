using Ingestion.Networking;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Options;

namespace Ingestion.Fetching;

/// <summary>
/// The page client's <see cref="SocketsHttpHandler.ConnectCallback"/>: resolves the host itself, checks every address
/// against the <see cref="NetworkPolicy"/> and connects to the addresses it checked, never to a second resolution. So a
/// host name that points at a private address, DNS rebinding and redirects to internal hosts are all stopped at the
/// moment of connecting, whatever the URL looked like.
/// </summary>
public sealed class DestinationGuard
{
    private readonly NetworkPolicy _policy;
    private readonly Func<string, CancellationToken, Task<IPAddress[]>> _resolve;

    public DestinationGuard(IOptions<OutboundOptions> options)
        : this(options, Dns.GetHostAddressesAsync)
    {
    }

    /// <summary>With a resolver of one's own, so that tests can play a DNS server that answers private addresses.</summary>
    public DestinationGuard(IOptions<OutboundOptions> options, Func<string, CancellationToken, Task<IPAddress[]>> resolve)
    {
        _policy = options.Value.CreatePolicy();
        _resolve = resolve;
    }

    /// <summary>Why <paramref name="address"/> may not be reached, or null when it may.</summary>
    public string? Refusal(IPAddress address) => _policy.Refusal(address);

    /// <summary>The addresses of <paramref name="host"/> that may be reached, in the resolver's order.</summary>
    /// <exception cref="DestinationRefusedException">The host has no address that may be reached.</exception>
    public async Task<IPAddress[]> ResolveAllowedAsync(string host, CancellationToken cancellationToken)
    {
        var name = host.StartsWith('[') && host.EndsWith(']') ? host[1..^1] : host;
        var addresses = IPAddress.TryParse(name, out var literal)
            ? [literal]
            : await _resolve(name, cancellationToken);
        var allowed = new List<IPAddress>(addresses.Length);
        var refusals = new List<string>();
        foreach (var address in addresses)
        {
            if (_policy.Refusal(address) is { } refusal)
            {
                refusals.Add(refusal);
            }
            else
            {
                allowed.Add(address);
            }
        }

        if (allowed.Count > 0)
        {
            return [.. allowed];
        }

        var why = refusals.Count == 0 ? $"'{host}' resolves to no address."
            : literal is not null ? $"{refusals[0]}."
            : $"'{host}' resolves only to blocked addresses ({string.Join("; ", refusals.Distinct())}).";
        throw new DestinationRefusedException(
            $"{why} Private networks are refused unless {OutboundOptions.SectionName}:AllowPrivateNetworks or AllowedNetworks allows them.");
    }

    /// <summary>Connects to an allowed address of the request's host; the <see cref="SocketsHttpHandler.ConnectCallback"/>.</summary>
    public async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var endpoint = context.DnsEndPoint;
        var addresses = await ResolveAllowedAsync(endpoint.Host, cancellationToken);
        Exception? last = null;
        foreach (var address in addresses)
        {
            // One socket per address family, so that a host without IPv6 still reaches the IPv4 addresses.
            var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(address, endpoint.Port, cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch (SocketException exception)
            {
                socket.Dispose();
                last = exception;
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }

        throw last!;
    }
}
