using System.Collections.Concurrent;
using Ingestion.Telemetry;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orleans.TestingHost;

namespace Ingestion.IntegrationTests;

/// <summary>
/// The log lines of one cluster's silos, each with the structured values of the scopes it was logged in, as an exporter
/// that includes scopes sees them. Added to the silos' logger factories while they run; it stops recording when disposed.
/// </summary>
internal sealed class TelemetryLogRecorder : IDisposable
{
    private readonly ConcurrentQueue<LoggedLine> _lines = new();
    private volatile bool _disposed;

    private TelemetryLogRecorder()
    {
    }

    public IReadOnlyCollection<LoggedLine> Lines => _lines;

    public static TelemetryLogRecorder Attach(InProcessTestCluster cluster)
    {
        var recorder = new TelemetryLogRecorder();
        foreach (var silo in cluster.Silos)
        {
            // A provider per silo: each logger factory keeps its scopes in a scope provider of its own.
            silo.ServiceProvider.GetRequiredService<ILoggerFactory>().AddProvider(new SiloProvider(recorder));
        }

        return recorder;
    }

    public void Dispose() => _disposed = true;

    /// <summary>One log line and the values of its scopes.</summary>
    public sealed record LoggedLine(string Category, string Message, IReadOnlyDictionary<string, object?> Scopes)
    {
        public object? JobId => Scopes.GetValueOrDefault(IngestionTelemetry.JobIdTag);

        public object? Page => Scopes.GetValueOrDefault(IngestionTelemetry.PageNumberTag);
    }

    private sealed class SiloProvider(TelemetryLogRecorder recorder) : ILoggerProvider, ISupportExternalScope
    {
        private IExternalScopeProvider? _scopes;

        public ILogger CreateLogger(string categoryName) => new RecordingLogger(categoryName, this);

        public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;

        public void Dispose()
        {
        }

        private void Record(string category, string message)
        {
            if (recorder._disposed)
            {
                return;
            }

            var values = new Dictionary<string, object?>();
            _scopes?.ForEachScope(
                (scope, collected) =>
                {
                    if (scope is IEnumerable<KeyValuePair<string, object?>> pairs)
                    {
                        foreach (var (key, value) in pairs)
                        {
                            collected[key] = value;
                        }
                    }
                },
                values);
            recorder._lines.Enqueue(new LoggedLine(category, message, values));
        }

        private sealed class RecordingLogger(string category, SiloProvider provider) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => provider._scopes?.Push(state);

            public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Debug;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                if (IsEnabled(logLevel))
                {
                    provider.Record(category, formatter(state, exception));
                }
            }
        }
    }
}
