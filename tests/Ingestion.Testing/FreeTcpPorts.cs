using System.Net;
using System.Net.Sockets;

namespace Ingestion.Testing;

/// <summary>Asks the OS for free loopback ports for a child process that cannot report the port it bound.</summary>
public static class FreeTcpPorts
{
    /// <summary>
    /// Returns <paramref name="count"/> distinct ports that were free a moment ago. They are released before
    /// returning, so another process can still take one first: callers retry with new ports when the bind fails.
    /// </summary>
    public static int[] Pick(int count)
    {
        // All listeners stay open until every port is read, so the OS cannot hand out the same port twice.
        var listeners = new TcpListener[count];
        try
        {
            for (var i = 0; i < count; i++)
            {
                listeners[i] = new TcpListener(IPAddress.Loopback, 0);
                listeners[i].Start();
            }

            return [.. listeners.Select(listener => ((IPEndPoint)listener.LocalEndpoint).Port)];
        }
        finally
        {
            foreach (var listener in listeners)
            {
                listener?.Stop();
            }
        }
    }
}
