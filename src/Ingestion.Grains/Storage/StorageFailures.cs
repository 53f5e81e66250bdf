using Azure;

namespace Ingestion.Storage;

/// <summary>Tells a storage outage, which passes, from a refusal, which does not.</summary>
public static class StorageFailures
{
    /// <summary>
    /// Connection failures (status 0), timeouts, throttling and server errors, also as the AggregateException the SDK
    /// throws once its own retries are spent.
    /// </summary>
    public static bool IsTransient(Exception exception) => exception switch
    {
        RequestFailedException failed => failed.Status is 0 or 408 or 429 or >= 500,
        AggregateException aggregate => aggregate.InnerExceptions.Count > 0 && aggregate.InnerExceptions.All(IsTransient),
        HttpRequestException or IOException or TimeoutException or OperationCanceledException => true,
        _ => false,
    };

    /// <summary>
    /// Whether the exception came from the storage SDK: a RequestFailedException, or the AggregateException it throws
    /// once its own retries are spent (which may also hold the network errors and timeouts of those tries).
    /// </summary>
    public static bool IsStorageFailure(Exception exception) => exception switch
    {
        RequestFailedException => true,
        AggregateException aggregate => aggregate.InnerExceptions.Count > 0
            && aggregate.InnerExceptions.Any(inner => inner is RequestFailedException)
            && aggregate.InnerExceptions.All(inner =>
                inner is RequestFailedException or OperationCanceledException or IOException or HttpRequestException),
        _ => false,
    };

    public static string Describe(Exception exception) => exception switch
    {
        RequestFailedException failed => $"{failed.Status} {failed.ErrorCode}".Trim(),
        AggregateException aggregate when aggregate.InnerExceptions.Count > 0 => Describe(aggregate.InnerExceptions[^1]),
        _ => exception.Message,
    };
}
