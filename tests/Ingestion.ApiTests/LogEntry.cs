using Microsoft.Extensions.Logging;

namespace Ingestion.ApiTests;

/// <summary>One message the API logged, as <see cref="LogRecorder"/> kept it.</summary>
public sealed record LogEntry(string Category, LogLevel Level, EventId EventId, string Message, Exception? Exception);
