using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using OpenTelemetry;
using OpenTelemetry.Trace;

namespace Ingestion.UnitTests;

/// <summary>The tracing every service gets from ServiceDefaults, collected in memory instead of exported.</summary>
public sealed class ServiceDefaultsTracingTests
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_409_container_already_exists_to_create_container_is_not_an_error_span_and_another_409_is()
    {
        await using var blobs = await FakeBlobService.StartAsync(Cancellation);
        var spans = new ConcurrentQueue<Activity>();
        using var host = await StartServiceAsync(spans, []);
        using var http = new HttpClient { BaseAddress = blobs.BaseAddress };

        using var existing = await http.PutAsync(new Uri($"{FakeBlobService.ExistingContainer}?restype=container", UriKind.Relative), null, Cancellation);
        using var deleting = await http.PutAsync(new Uri("going?restype=container", UriKind.Relative), null, Cancellation);

        var expected = Assert.Single(ClientSpans(spans, blobs, $"/{FakeBlobService.ExistingContainer}"));
        var failed = Assert.Single(ClientSpans(spans, blobs, "/going"));
        Assert.Equal(ActivityStatusCode.Unset, expected.Status);
        Assert.Null(expected.GetTagItem("error.type"));
        Assert.Equal(409, expected.GetTagItem("http.response.status_code"));
        Assert.Equal(ActivityStatusCode.Error, failed.Status);
        Assert.Equal("409", failed.GetTagItem("error.type"));
    }

    [Fact]
    public async Task A_409_table_already_exists_to_create_table_is_not_an_error_span_and_another_409_is()
    {
        await using var tables = await FakeBlobService.StartAsync(Cancellation);
        var spans = new ConcurrentQueue<Activity>();
        using var host = await StartServiceAsync(spans, []);
        using var http = new HttpClient { BaseAddress = tables.BaseAddress };

        using var existing = await http.PostAsync(new Uri($"{FakeBlobService.ExistingContainer}/Tables", UriKind.Relative), null, Cancellation);
        using var deleting = await http.PostAsync(new Uri("going/Tables", UriKind.Relative), null, Cancellation);

        var expected = Assert.Single(ClientSpans(spans, tables, $"/{FakeBlobService.ExistingContainer}/Tables"));
        var failed = Assert.Single(ClientSpans(spans, tables, "/going/Tables"));
        Assert.Equal(ActivityStatusCode.Unset, expected.Status);
        Assert.Null(expected.GetTagItem("error.type"));
        Assert.Equal(ActivityStatusCode.Error, failed.Status);
        Assert.Equal("409", failed.GetTagItem("error.type"));
    }

    [Theory]
    [InlineData(null, false)]
    [InlineData("false", false)]
    [InlineData("true", true)]
    public async Task Orleans_runtime_spans_are_traced_only_when_asked_and_application_grain_calls_always(string? orleansInternals, bool runtimeTraced)
    {
        var spans = new ConcurrentQueue<Activity>();
        using var host = await StartServiceAsync(spans, new() { ["Ingestion:Telemetry:OrleansInternals"] = orleansInternals });
        using var runtime = new ActivitySource(TelemetryNames.OrleansRuntimeSource);
        using var application = new ActivitySource(TelemetryNames.OrleansApplicationSource);
        var name = Guid.NewGuid().ToString("N");

        runtime.StartActivity($"{name} IGrainTimerInvoker/InvokeCallbackAsync", ActivityKind.Server)?.Stop();
        application.StartActivity($"{name} IPageFetchGrain/Fetch", ActivityKind.Server)?.Stop();

        Assert.Contains(spans, span => span.DisplayName == $"{name} IPageFetchGrain/Fetch");
        Assert.Equal(runtimeTraced, spans.Any(span => span.DisplayName == $"{name} IGrainTimerInvoker/InvokeCallbackAsync"));
    }

    [Theory]
    [InlineData(null, false)]
    [InlineData("true", true)]
    public async Task Host_lease_renewals_are_not_recorded_unless_asked_and_other_grain_calls_are(string? hostLeaseRenewals, bool recorded)
    {
        var spans = new ConcurrentQueue<Activity>();
        using var host = await StartServiceAsync(spans, new() { ["Ingestion:Telemetry:HostLeaseRenewals"] = hostLeaseRenewals });
        using var application = new ActivitySource(TelemetryNames.OrleansApplicationSource);

        var renewal = application.StartActivity("IHostGateGrain/Renew", ActivityKind.Client);
        renewal?.Stop();
        var view = application.StartActivity("IIngestionJobGrain/GetView", ActivityKind.Client);
        view?.Stop();

        Assert.Equal(recorded, renewal!.Recorded);
        Assert.True(view!.Recorded);
    }

    [Theory]
    [InlineData("0", 0, 0)]
    [InlineData(null, 50, 160)]
    [InlineData("0.5", 4_700, 5_300)]
    [InlineData("1", 10_000, 10_000)]
    public async Task Page_dispatches_that_begin_a_trace_are_recorded_at_the_page_trace_ratio(string? ratio, int least, int most)
    {
        var spans = new ConcurrentQueue<Activity>();
        // Left out, not set to null (which binds as 0), for the default.
        using var host = await StartServiceAsync(spans, ratio is null ? [] : new() { ["Ingestion:Telemetry:PageTraceRatio"] = ratio });
        using var application = new ActivitySource(TelemetryNames.OrleansApplicationSource);

        var recorded = 0;
        for (var page = 0; page < 10_000; page++)
        {
            using var dispatch = application.StartActivity(TelemetryNames.PageDispatchSpan, ActivityKind.Client);
            recorded += dispatch!.Recorded ? 1 : 0;
        }

        Assert.InRange(recorded, least, most);
    }

    [Fact]
    public async Task What_a_sampled_out_page_dispatch_calls_is_not_recorded_and_other_roots_and_what_they_call_are()
    {
        var spans = new ConcurrentQueue<Activity>();
        using var host = await StartServiceAsync(spans, new() { ["Ingestion:Telemetry:PageTraceRatio"] = "0" });
        using var application = new ActivitySource(TelemetryNames.OrleansApplicationSource);
        using var ingestion = new ActivitySource(TelemetryNames.ActivitySource);

        Activity? fetchUnderDispatch;
        using (var dispatch = application.StartActivity(TelemetryNames.PageDispatchSpan, ActivityKind.Client))
        {
            fetchUnderDispatch = ingestion.StartActivity("page fetch");
            fetchUnderDispatch?.Stop();
        }

        Activity? dispatchUnderRequest;
        using (var request = application.StartActivity("IIngestionJobGrain/Start", ActivityKind.Client))
        {
            dispatchUnderRequest = application.StartActivity(TelemetryNames.PageDispatchSpan, ActivityKind.Client);
            dispatchUnderRequest?.Stop();
        }

        using var retry = ingestion.StartActivity("page fetch");

        // Not even created: nothing under an unrecorded span is.
        Assert.True(fetchUnderDispatch is null or { Recorded: false });
        Assert.True(dispatchUnderRequest!.Recorded);
        Assert.True(retry!.Recorded);
    }

    [Theory]
    [InlineData("-0.1")]
    [InlineData("1.5")]
    public async Task A_page_trace_ratio_outside_0_to_1_stops_the_start_naming_it(string ratio)
    {
        var spans = new ConcurrentQueue<Activity>();

        var exception = await Assert.ThrowsAsync<OptionsValidationException>(() =>
            StartServiceAsync(spans, new() { ["Ingestion:Telemetry:PageTraceRatio"] = ratio }));

        Assert.Contains("PageTraceRatio", exception.Message, StringComparison.Ordinal);
    }

    /// <summary>A host with ServiceDefaults' telemetry, whose ended spans land in <paramref name="spans"/>.</summary>
    private static async Task<IHost> StartServiceAsync(ConcurrentQueue<Activity> spans, Dictionary<string, string?> settings)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings { ApplicationName = "service-defaults-tests" });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.AddServiceDefaults();
        builder.Services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddProcessor(new CollectingProcessor(spans)));
        var host = builder.Build();
        await host.StartAsync(Cancellation);
        return host;
    }

    private static IEnumerable<Activity> ClientSpans(IEnumerable<Activity> spans, FakeBlobService blobs, string path) =>
        spans.Where(span => span.Kind == ActivityKind.Client
            && span.GetTagItem("url.full") is string url
            && url.StartsWith(new Uri(blobs.BaseAddress, path).ToString(), StringComparison.Ordinal));

    private sealed class CollectingProcessor(ConcurrentQueue<Activity> spans) : BaseProcessor<Activity>
    {
        public override void OnEnd(Activity data) => spans.Enqueue(data);
    }
}
