using Orleans.Runtime;
using Polly.Timeout;

namespace Ingestion.Api.Cluster;

/// <summary>
/// Which failures of a grain call come from the cluster rather than from the grain: a silo that died or is leaving, a
/// gateway that closed or is too busy, a call that timed out while membership changed. They pass once the cluster has
/// settled, so a call that may be repeated is tried again, and one that still fails is a 503, not a 500.
/// </summary>
public static class ClusterFaults
{
    public static bool IsTransient(Exception exception) => exception switch
    {
        // Silo unavailable, gateway too busy, a message rejected while its target moved.
        OrleansMessageRejectionException => true,
        // The connection to a gateway or silo failed, or every gateway is too busy.
        Orleans.Runtime.Messaging.ConnectionFailedException or GatewayTooBusyException => true,
        // No answer within the response timeout: the silo that had the call may have died with it.
        TimeoutException => true,
        // The retry budget ran out.
        TimeoutRejectedException => true,
        _ => false,
    };

    /// <summary>
    /// What a 503 for a transient failure tells the client: a call that got no answer in time may be a silo that
    /// stopped or the storage the silos read being slow, which the API cannot tell apart; a rejected call or a closed
    /// connection is the cluster moving its work.
    /// </summary>
    public static (string Title, string Detail) Describe(Exception exception) => exception is TimeoutException or TimeoutRejectedException
        ? ("The cluster did not answer in time.",
            "No silo answered the request within the API's time for it: a silo may have stopped, or the storage the silos read may be slow. Try again after the Retry-After.")
        : ("The cluster is reconfiguring.",
            "A silo the request needed is unavailable (it stopped, or the cluster is moving its work). Try again after the Retry-After.");
}
