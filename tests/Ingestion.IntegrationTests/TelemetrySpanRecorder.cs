using System.Diagnostics;
using Ingestion.Telemetry;
using OpenTelemetry;
using OpenTelemetry.Trace;

namespace Ingestion.IntegrationTests;

/// <summary>
/// The spans of the service, of Orleans' grain calls and of HttpClient, as the OpenTelemetry in-memory exporter receives
/// them while it lives. Listening is process-wide, so spans of other tests' clusters arrive too: select by trace.
/// </summary>
internal sealed class TelemetrySpanRecorder : IDisposable
{
    /// <summary>Stands in for the API: its span plays the part of the POST that starts a job.</summary>
    public static readonly ActivitySource Caller = new("Ingestion.IntegrationTests");

    private readonly LockedList _spans = new();
    private readonly TracerProvider _tracing;

    public TelemetrySpanRecorder()
    {
        _tracing = Sdk.CreateTracerProviderBuilder()
            .AddSource(Caller.Name, IngestionTelemetry.ActivitySourceName, "Microsoft.Orleans.*", "System.Net.Http")
            .SetSampler(new AlwaysOnSampler())
            .AddInMemoryExporter(_spans)
            .Build();
    }

    /// <summary>Every span ended so far.</summary>
    public IReadOnlyList<Activity> Ended()
    {
        _tracing.ForceFlush();
        return _spans.Snapshot();
    }

    public void Dispose() => _tracing.Dispose();

    /// <summary>The exporter adds spans while the test reads them.</summary>
    private sealed class LockedList : ICollection<Activity>
    {
        private readonly List<Activity> _items = [];
        private readonly Lock _gate = new();

        public int Count
        {
            get { lock (_gate) { return _items.Count; } }
        }

        public bool IsReadOnly => false;

        public IReadOnlyList<Activity> Snapshot()
        {
            lock (_gate)
            {
                return [.. _items];
            }
        }

        public void Add(Activity item)
        {
            lock (_gate)
            {
                _items.Add(item);
            }
        }

        public void Clear()
        {
            lock (_gate)
            {
                _items.Clear();
            }
        }

        public bool Contains(Activity item)
        {
            lock (_gate)
            {
                return _items.Contains(item);
            }
        }

        public void CopyTo(Activity[] array, int arrayIndex)
        {
            lock (_gate)
            {
                _items.CopyTo(array, arrayIndex);
            }
        }

        public bool Remove(Activity item)
        {
            lock (_gate)
            {
                return _items.Remove(item);
            }
        }

        public IEnumerator<Activity> GetEnumerator() => Snapshot().GetEnumerator();

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
