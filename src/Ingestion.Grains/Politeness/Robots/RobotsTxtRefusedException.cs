namespace Ingestion.Politeness.Robots;

/// <summary>
/// A page was not requested because of its host's robots.txt: it disallows the page (for good), or it could not be
/// read, which counts as disallowing everything until it can be (RFC 9309 §2.3.1.4), so another attempt may pass.
/// </summary>
public sealed class RobotsTxtRefusedException(string message, bool retryable) : Exception(message)
{
    public bool Retryable { get; } = retryable;
}
