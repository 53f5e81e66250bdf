using System.Text.Json;

namespace Ingestion.Baseline;

/// <summary>
/// What a baseline run measured, over its measured pages only (the warm-up left out): the time they took, the process's
/// CPU time over them, its peak resident set, and the per-page latency (fetch and upload) at the 50th and 99th
/// percentiles. Printed as one JSON line on standard output, which the benchmark reads back with <see cref="Parse"/>.
/// </summary>
public sealed record BaselineResult(int Pages, int WarmUpPages, double ElapsedMs, double CpuMs, long? PeakRssBytes, double P50Ms, double P99Ms)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public string ToJsonLine() => JsonSerializer.Serialize(this, Json);

    public static BaselineResult Parse(string line) =>
        JsonSerializer.Deserialize<BaselineResult>(line, Json) ?? throw new JsonException("The baseline printed null.");
}
