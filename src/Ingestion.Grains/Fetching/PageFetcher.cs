using System.Globalization;
using System.Net;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Specialized;
using Ingestion.Inspection;
using Ingestion.PageRecords;
using Ingestion.Pages;
using Ingestion.Politeness.Robots;
using Ingestion.Storage;
using Microsoft.Extensions.Options;

namespace Ingestion.Fetching;

/// <summary>Makes one attempt at a page: an HTTP GET whose body streams straight into the page's blob.</summary>
public sealed class PageFetcher(
    IHttpClientFactory httpClientFactory,
    BlobServiceClient blobService,
    PageBlobWriter blobWriter,
    PageBlobRemover pageBlobs,
    IOptions<FetchOptions> options,
    TimeProvider timeProvider)
{
    /// <summary>The name of the <see cref="HttpClient"/> used for pages; it has no retry handler of its own.</summary>
    public const string HttpClientName = "page-fetcher";

    /// <summary>How the error of an attempt that ran out of time begins; telemetry tells timeouts by it.</summary>
    internal const string TimedOutError = "Timed out after";

    /// <summary>
    /// Fetches and stores the page. When the request asks for an inspection, <paramref name="onInspected"/> hears what the
    /// response told before the page is stored, so the job can go on while the upload runs.
    /// </summary>
    public async Task<FetchAttempt> FetchAsync(
        PageFetchRequest request, int attempt, Func<PageFindings, Task>? onInspected, CancellationToken cancellationToken)
    {
        // The timeout covers the whole attempt, body and upload included: a server that trickles bytes is as stuck as a silent one.
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(request.RequestTimeout);
        try
        {
            return await FetchCoreAsync(request, attempt, onInspected, timeout.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return FetchAttempt.Failure(
                PageFailureKind.Timeout,
                $"{TimedOutError} {request.RequestTimeout.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s.",
                retryable: true);
        }
        catch (Exception exception) when (DestinationRefusedException.FindIn(exception) is { } refused)
        {
            // A blocked network, scheme or redirect: another attempt would be refused the same way.
            return FetchAttempt.Failure(PageFailureKind.Refused, $"Refused destination: {refused.Message}", retryable: false);
        }
        catch (HttpRequestException exception)
        {
            return FetchAttempt.Failure(
                FailureKinds.Of(exception), $"Request failed: {exception.Message}", retryable: true, (int?)exception.StatusCode);
        }
        catch (IOException exception)
        {
            // The connection broke while the body was streaming.
            return FetchAttempt.Failure(
                PageFailureKind.Connection, $"Connection failed while reading the response: {exception.Message}", retryable: true);
        }
        catch (ResponseTooLargeException exception)
        {
            return FetchAttempt.Failure(PageFailureKind.TooLarge, exception.Message, retryable: false);
        }
        catch (Exception exception) when (StorageFailures.IsStorageFailure(exception))
        {
            // The upstream answered; storage did not take the page. An outage is waited out without using up the
            // page's attempts; a refusal (no access, say) fails the page.
            var transient = StorageFailures.IsTransient(exception);
            return FetchAttempt.Failure(
                PageFailureKind.Storage,
                $"Storage {(transient ? "unavailable" : "refused the page")}: {StorageFailures.Describe(exception)}",
                retryable: transient);
        }
    }

    private async Task<FetchAttempt> FetchCoreAsync(
        PageFetchRequest request, int attempt, Func<PageFindings, Task>? onInspected, CancellationToken cancellationToken)
    {
        using var message = new HttpRequestMessage(HttpMethod.Get, request.Url);
        foreach (var (name, value) in request.Headers)
        {
            message.Headers.TryAddWithoutValidation(name, value);
        }

        if (!message.Headers.Contains("User-Agent"))
        {
            message.Headers.TryAddWithoutValidation("User-Agent", options.Value.UserAgent);
        }

        var conditional = request.Previous is { } previous && ConditionalRequests.AddValidators(message, previous);

        var client = httpClientFactory.CreateClient(HttpClientName);
        message.Options.Set(RobotsTxtHandler.RespectRobotsTxt, request.RespectRobotsTxt);
        HttpResponseMessage sent;
        try
        {
            sent = await client.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        }
        catch (RobotsTxtRefusedException refused)
        {
            // Disallowed by the host's robots.txt (for good), or it could not be read (for now).
            return FetchAttempt.Failure(PageFailureKind.Refused, refused.Message, refused.Retryable);
        }

        using var response = sent;
        var status = (int)response.StatusCode;
        if (conditional && response.StatusCode == HttpStatusCode.NotModified)
        {
            // As the baseline stored it: nothing to read, nothing to upload.
            return FetchAttempt.NotModified(status);
        }
        if (response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Gone
            && request.Inspect is { } missingInspect && ResponseInspector.ForMissingPage(missingInspect, request.Page, status) is { } pastEnd)
        {
            return FetchAttempt.BeyondEnd(pastEnd, status);
        }

        if (!response.IsSuccessStatusCode)
        {
            return FetchAttempt.Failure(
                PageFailureKind.Http,
                $"HTTP {status} {response.ReasonPhrase}".TrimEnd(),
                RetryPolicy.IsRetryable(response.StatusCode),
                status,
                RetryPolicy.RetryAfter(response.Headers.RetryAfter, timeProvider.GetUtcNow()));
        }

        var maxBytes = options.Value.MaxResponseBytes;
        if (response.Content.Headers.ContentLength > maxBytes)
        {
            throw new ResponseTooLargeException(maxBytes);
        }

        var contentType = response.Content.Headers.ContentType?.ToString() ?? ContentTypes.Default;
        var blobName = PageBlobNames.Of(request.BlobNameStem, response.Content.Headers.ContentType?.MediaType);
        var fetchedAt = timeProvider.GetUtcNow();
        var recorded = new PageRecord
        {
            Page = request.Page,
            Url = new Uri(request.Url).AbsoluteUri,
            Status = PageStatus.Succeeded,
            HttpStatus = status,
            Attempts = attempt,
            FetchedAt = fetchedAt,
            ReachedFrom = request.ReachedFrom,
            ETag = KeptHeaders.ValueOf(response, "ETag"),
            LastModified = KeptHeaders.ValueOf(response, "Last-Modified"),
            Watermark = request.WatermarkHeader is { } watermarkHeader ? KeptHeaders.ValueOf(response, watermarkHeader) : null,
        };
        var metadata = PageBlobMetadata.Of(request.JobId, recorded);

        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
        PageFindings? findings = null;
        Stream content = body;
        if (request.Inspect is { } inspect)
        {
            // The body is read whole only when the findings are in it, bounded by the response size limit.
            var buffered = inspect.NeedsBody ? await ReadWholeAsync(body, maxBytes, cancellationToken) : null;
            var pageUrl = response.RequestMessage?.RequestUri ?? new Uri(request.Url);
            findings = ResponseInspector.Inspect(inspect, request.Page, pageUrl, response.Headers, buffered?.GetBuffer().AsMemory(0, (int)buffered.Length));
            if (findings.PastEnd)
            {
                return FetchAttempt.BeyondEnd(findings, status);
            }

            if (onInspected is not null)
            {
                await onInspected(findings);
            }

            content = buffered ?? body;
        }

        var blob = blobService.GetBlobContainerClient(request.Container).GetBlockBlobClient(blobName);
        var stored = await blobWriter.WriteAsync(blob, content, contentType, metadata, maxBytes, cancellationToken, keepBody: request.OfferBody);
        stored = stored with { FetchedAt = fetchedAt };
        if (attempt > 1 || request.Resume || request.FetchedBefore)
        {
            // An earlier attempt (or an earlier run of the job) may have stored the page under another name (its response
            // had another Content-Type), and a page is stored under one name. A first attempt of a page never fetched
            // before has none to look for: it pays for no listing.
            await pageBlobs.RemoveOtherNamesAsync(request.Container, request.JobId, request.Page, request.BlobNameStem, stored.Name, cancellationToken);
        }

        return FetchAttempt.Success(
            stored, recorded with { Blob = stored.Name, Bytes = stored.Bytes, Sha256 = stored.Sha256, ContentType = contentType }, findings);
    }

    private static async Task<MemoryStream> ReadWholeAsync(Stream body, long maxBytes, CancellationToken cancellationToken)
    {
        var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > maxBytes)
            {
                throw new ResponseTooLargeException(maxBytes);
            }

            buffer.Write(chunk, 0, read);
        }

        buffer.Position = 0;
        return buffer;
    }
}
