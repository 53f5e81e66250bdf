using Ingestion.Cli.Api;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Ingestion.Cli.Rendering;

/// <summary>A job at a glance (<see cref="FactTable"/>): status, counts, rate, ETA, records, how its source ended.</summary>
public static class JobStatusTable
{
    public static void Write(IAnsiConsole console, JobView job) => FactTable.Write(console, Facts(job));

    private static List<Fact> Facts(JobView job)
    {
        var pages = job.Pages;
        var facts = new List<Fact> { Fact.Plain("job", job.Id.ToString()) };
        if (job.Name is not null)
        {
            facts.Add(Fact.Plain("name", job.Name));
        }

        if (job is { PipelineId: { } pipeline, RunNumber: { } run })
        {
            facts.Add(Fact.Plain("pipeline", $"{pipeline} run {run}"));
        }

        facts.Add(new Fact("status", job.Status.ToString(), new Markup(Formats.StatusMarkup(job.Status))));
        facts.Add(Fact.Plain("total", Formats.Count(pages.Total) + (pages.TotalKnown ? "" : " so far (the end is not found yet)")));
        if (job.EndReason is not null)
        {
            facts.Add(Fact.Plain("end reason", job.EndReason));
        }

        facts.Add(job.Truncated
            ? new Fact("truncated", "yes", new Text("yes: maxPages stopped the job before the source's end", new Style(Color.Yellow)))
            : Fact.Plain("truncated", "no"));
        facts.Add(Fact.Plain("succeeded", Formats.Count(pages.Succeeded)));
        if (pages.Unchanged > 0)
        {
            facts.Add(Fact.Plain("unchanged", Formats.Count(pages.Unchanged)));
        }

        facts.Add(Fact.Plain("failed", Formats.Count(pages.Failed)));
        facts.Add(Fact.Plain("in flight", Formats.Count(pages.InFlight)));
        facts.Add(Fact.Plain("waiting retry", Formats.Count(pages.WaitingRetry)));
        facts.Add(Fact.Plain("pending", Formats.Count(pages.Pending)));
        facts.Add(Fact.Plain("cancelled", Formats.Count(pages.Cancelled)));
        facts.Add(Fact.Plain("bytes", Formats.Bytes(job.Bytes)));
        facts.Add(Fact.Plain("pages/s", Formats.PagesPerSecond(job.Progress)));
        facts.Add(Fact.Plain("ETA", Formats.Eta(job.Progress)));
        if (RecordsText.Describe(job) is { } records && RecordsText.DescribeMarkup(job) is { } recordsMarkup)
        {
            facts.Add(new Fact("records", records, new Markup(recordsMarkup).Overflow(Overflow.Ellipsis)));
        }

        facts.Add(new Fact("created", Formats.IsoTime(job.CreatedAt), new Text(Formats.Time(job.CreatedAt))));
        facts.Add(new Fact("completed", Formats.IsoTime(job.CompletedAt), new Text(Formats.Time(job.CompletedAt))));
        if (job.Error is not null)
        {
            facts.Add(new Fact("error", job.Error, FactTable.Prose(job.Error, new Style(Color.Red))));
        }

        if (job.Retries > 0)
        {
            facts.Add(Fact.Plain("retries", $"{Plural.Count(job.Retries, "retry", "retries")} of the failed pages"));
        }

        if (job.Replaced is { } replaced)
        {
            facts.Add(Fact.Plain("replaced", $"job {replaced}"));
        }

        if (job.SupersededBy is { } supersededBy)
        {
            var text = $"by job {supersededBy} at {Formats.IsoTime(job.SupersededAt)}: its pages and manifest were replaced";
            facts.Add(new Fact("superseded", text, FactTable.Prose(text, new Style(Color.Yellow))));
        }

        if (job.ManifestBlob is not null && job.SupersededBy is null)
        {
            var manifest = job.Destination is { } destination ? $"{destination.Container}/{job.ManifestBlob}" : job.ManifestBlob;
            facts.Add(new Fact("manifest", manifest, FittedText.Url(manifest, minimumWidth: 20)));
        }

        return facts;
    }
}
