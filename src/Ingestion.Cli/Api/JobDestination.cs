namespace Ingestion.Cli.Api;

/// <summary>The blob container and prefix a job writes to.</summary>
public sealed record JobDestination(string Container, string Prefix);
