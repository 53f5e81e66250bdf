using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Ingestion.Telemetry;
using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;

namespace Ingestion.IntegrationTests;

/// <summary>
/// Every measurement of the ingestion meter of one cluster's silos while it listens. Only the meters made by those silos'
/// <see cref="IMeterFactory"/>s are heard, so clusters of other tests running at the same time do not count.
/// </summary>
internal sealed class TelemetryMeterRecorder : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentQueue<Measurement> _measurements = new();

    public TelemetryMeterRecorder(InProcessTestCluster cluster)
    {
        var factories = cluster.Silos.Select(silo => silo.ServiceProvider.GetRequiredService<IMeterFactory>()).ToHashSet();
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == IngestionTelemetry.MeterName && instrument.Meter.Scope is IMeterFactory factory && factories.Contains(factory))
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Record(instrument, value, tags));
        _listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Record(instrument, value, tags));
        _listener.Start();
    }

    /// <summary>The sum of an instrument's measurements, optionally only those with a tag of the given value.</summary>
    public double Sum(string instrument, string? tag = null, string? value = null) =>
        Matching(instrument, tag, value).Sum(measurement => measurement.Value);

    /// <summary>How many measurements an instrument took (for a histogram: how many values it recorded).</summary>
    public int Count(string instrument, string? tag = null, string? value = null) => Matching(instrument, tag, value).Count();

    public void Dispose() => _listener.Dispose();

    private IEnumerable<Measurement> Matching(string instrument, string? tag, string? value) =>
        _measurements.Where(measurement => measurement.Instrument == instrument
            && (tag is null || (measurement.Tags.TryGetValue(tag, out var found) && Equals(found, value))));

    private void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var copied = new Dictionary<string, object?>();
        foreach (var (key, tagValue) in tags)
        {
            copied[key] = tagValue;
        }

        _measurements.Enqueue(new Measurement(instrument.Name, value, copied));
    }

    private sealed record Measurement(string Instrument, double Value, IReadOnlyDictionary<string, object?> Tags);
}
