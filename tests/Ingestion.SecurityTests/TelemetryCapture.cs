using System.Collections.Concurrent;
using System.Diagnostics;
using Ingestion.Testing;
using System.Text;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Trace;

namespace Ingestion.SecurityTests;

/// <summary>
/// Everything the API and the silo of this process log (every category, down to Trace for HTTP and the service's own
/// code) and every span any activity source emits, exported by the OpenTelemetry in-memory exporter: what a log sink
/// or a tracing backend would receive, to search for secrets.
/// </summary>
public sealed class TelemetryCapture : ILoggerProvider
{
    private readonly ConcurrentQueue<string> _logs = new();
    // The exporter adds spans as they end, from any thread, while a test may be reading them: every access locks.
    private readonly LockedCollection<Activity> _spans = new();
    private readonly TracerProvider _tracing;

    public TelemetryCapture()
    {
        _tracing = Sdk.CreateTracerProviderBuilder()
            .AddSource("*")
            .SetSampler(new AlwaysOnSampler())
            .AddInMemoryExporter(_spans)
            .Build()!;
    }

    public int SpanCount => _spans.Count;

    public int LogCount => _logs.Count;

    /// <summary>Filters for a logging builder: Orleans' own chatter at Information, everything else from Trace.</summary>
    public static void Configure(ILoggingBuilder logging, TelemetryCapture capture)
    {
        logging.SetMinimumLevel(LogLevel.Trace);
        logging.AddFilter<TelemetryCapture>("Orleans", LogLevel.Information);
        logging.AddFilter<TelemetryCapture>("Microsoft.Orleans", LogLevel.Information);
        logging.AddFilter<TelemetryCapture>(null, LogLevel.Trace);
        logging.AddProvider(capture);
    }

    /// <summary>Every log line and span as text: messages, structured values, scopes, exceptions, tags, events, baggage.</summary>
    public string Everything()
    {
        _tracing.ForceFlush();
        var text = new StringBuilder();
        foreach (var line in _logs)
        {
            text.AppendLine(line);
        }

        foreach (var span in _spans.Snapshot())
        {
            text.Append(span.Source.Name).Append(' ').Append(span.OperationName).Append(' ').Append(span.DisplayName)
                .Append(' ').Append(span.StatusDescription).AppendLine();
            foreach (var (key, value) in span.TagObjects)
            {
                text.Append("  ").Append(key).Append('=').Append(value is System.Collections.IEnumerable items and not string ? string.Join(", ", items.Cast<object?>()) : value).AppendLine();
            }

            foreach (var (key, value) in span.Baggage)
            {
                text.Append("  baggage ").Append(key).Append('=').Append(value).AppendLine();
            }

            foreach (var activityEvent in span.Events)
            {
                text.Append("  event ").Append(activityEvent.Name).AppendLine();
                foreach (var (key, value) in activityEvent.Tags)
                {
                    text.Append("    ").Append(key).Append('=').Append(value).AppendLine();
                }
            }
        }

        return text.ToString();
    }

    public ILogger CreateLogger(string categoryName) => new CapturingLogger(categoryName, _logs);

    public void Dispose() => _tracing.Dispose();

    private sealed class CapturingLogger(string category, ConcurrentQueue<string> logs) : ILogger, IExternalScopeProvider
    {
        private readonly AsyncLocal<Scope?> _scope = new();

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => Push(state);

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var line = new StringBuilder().Append(logLevel).Append(' ').Append(category).Append(": ").Append(formatter(state, exception));
            if (state is IEnumerable<KeyValuePair<string, object?>> values)
            {
                foreach (var (key, value) in values)
                {
                    line.Append(" | ").Append(key).Append('=').Append(Render(value));
                }
            }

            ForEachScope<object?>((scope, _) => line.Append(" | scope ").Append(Render(scope)), null);
            if (exception is not null)
            {
                line.Append(" | ").Append(exception);
            }

            logs.Enqueue(line.ToString());
        }

        /// <summary>A value as an exporter would write it: the items of a collection, not its type name.</summary>
        private static string Render(object? value) => value switch
        {
            null => "",
            string text => text,
            IEnumerable<KeyValuePair<string, object?>> pairs => string.Join(", ", pairs.Select(pair => $"{pair.Key}={Render(pair.Value)}")),
            System.Collections.IEnumerable items => $"[{string.Join(", ", items.Cast<object?>().Select(Render))}]",
            _ => value.ToString() ?? "",
        };

        public void ForEachScope<TState>(Action<object?, TState> callback, TState state)
        {
            for (var scope = _scope.Value; scope is not null; scope = scope.Parent)
            {
                callback(scope.State, state);
            }
        }

        public IDisposable Push(object? state)
        {
            var scope = new Scope(state, _scope.Value, this);
            _scope.Value = scope;
            return scope;
        }

        private sealed class Scope(object? state, Scope? parent, CapturingLogger owner) : IDisposable
        {
            public object? State { get; } = state;

            public Scope? Parent { get; } = parent;

            public void Dispose() => owner._scope.Value = Parent;
        }
    }
}
