using Ingestion.Testing;
using Microsoft.Extensions.Logging;

namespace Ingestion.EndToEndTests;

/// <summary>Records what the AppHost itself logs (what a user reads in its console), for tests to look through.</summary>
public sealed class AppHostLogRecorder : ILoggerProvider
{
    private readonly LockedCollection<AppHostLogLine> _lines = new();

    public IReadOnlyList<AppHostLogLine> Lines => _lines.Snapshot();

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, _lines);

    public void Dispose()
    {
    }

    private sealed class Logger(string category, LockedCollection<AppHostLogLine> lines) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            lines.Add(new AppHostLogLine(category, logLevel, formatter(state, exception)));
    }
}

/// <summary>One line of the AppHost's log.</summary>
public sealed record AppHostLogLine(string Category, LogLevel Level, string Message);
