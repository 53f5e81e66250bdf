namespace Ingestion.ApiTests;

/// <summary>A server-sent event as a test client received it, and when (from the moment it began to read the stream).</summary>
public sealed record ReceivedEvent(string Type, string Id, string Data, TimeSpan ReceivedAfter);
