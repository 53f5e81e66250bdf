namespace Ingestion.Testing;

/// <summary>Azurite could not be started; the message carries what Azurite printed.</summary>
public sealed class AzuriteStartException : Exception
{
    public AzuriteStartException()
    {
    }

    public AzuriteStartException(string message)
        : base(message)
    {
    }

    public AzuriteStartException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Azurite failed because one of its ports was taken (a race with another process); worth a retry.</summary>
    internal bool PortInUse { get; init; }
}
