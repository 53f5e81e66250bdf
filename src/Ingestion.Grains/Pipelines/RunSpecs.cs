using System.Collections.Immutable;
using Ingestion.Jobs;
using Ingestion.Pipelines;

namespace Ingestion.Grains.Pipelines;

/// <summary>The job a pipeline's run starts: the pipeline's job with <c>{watermark}</c> filled in.</summary>
public static class RunSpecs
{
    /// <summary>
    /// <paramref name="template"/> with <c>{watermark}</c> replaced by <paramref name="watermark"/>: escaped in the
    /// source's URLs, as it is in header values. A pipeline without a watermark leaves the job as it is.
    /// </summary>
    public static JobSpec For(JobSpec template, Watermark? watermark, string name)
    {
        if (watermark is null)
        {
            return template with { Name = name };
        }

        var inUrl = watermark.ForUrl();
        string? Url(string? value) => value?.Replace(PipelineSpec.WatermarkPlaceholder, inUrl, StringComparison.Ordinal);

        var source = template.Source with
        {
            UrlTemplate = Url(template.Source.UrlTemplate),
            Url = Url(template.Source.Url),
            Urls = template.Source.Urls?.Select(url => Url(url)!).ToImmutableArray(),
        };
        var headers = template.Headers.ToImmutableDictionary(
            header => header.Key,
            header => header.Value.Replace(PipelineSpec.WatermarkPlaceholder, watermark.Text, StringComparison.Ordinal),
            template.Headers.KeyComparer);
        return template with { Name = name, Source = source, Headers = headers };
    }
}
