using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;
using Ingestion.Grains;
using Ingestion.Jobs;
using Ingestion.PageRecords;

namespace Ingestion.Storage;

/// <summary>
/// Gives each destination prefix to one job. A job takes its prefix before it writes anything, by creating the
/// prefix's owner record (<see cref="PrefixOwner"/>) only if it does not exist; a prefix that already has an owner, or
/// holds pages or a manifest from before owner records, is refused, replaced or versioned as the spec's
/// <see cref="DestinationSpec.IfExists"/> says. Two jobs' pages never end up under one prefix.
/// </summary>
public sealed partial class PrefixOwnership(BlobServiceClient blobService, ManifestStore manifests, TimeProvider timeProvider)
{
    /// <summary>
    /// An owner record whose job never came to exist (its start failed after the claim) stands in the way for this
    /// long, so that a start still under way is never taken over.
    /// </summary>
    public static readonly TimeSpan AbandonedClaimAge = TimeSpan.FromMinutes(5);

    // New versions are looked for this many times when other jobs keep taking the next one first.
    private const int MaxVersionAttempts = 20;
    private const int MaxClaimAttempts = 5;

    /// <summary>
    /// Takes <paramref name="destination"/>'s prefix (already expanded) for <paramref name="jobId"/>.
    /// <paramref name="standingOf"/> tells whether another job that owns it is running, has ended, or does not exist.
    /// </summary>
    public async Task<PrefixClaim> ClaimAsync(
        Guid jobId,
        string? jobName,
        DestinationSpec destination,
        Func<Guid, Task<OwnerStanding>> standingOf,
        CancellationToken cancellationToken)
    {
        if (await FindEnclosingJobAsync(destination, cancellationToken) is { } enclosing)
        {
            return PrefixClaim.Refused(enclosing);
        }

        var policy = destination.IfExists == IfPrefixExists.NewVersion ? IfPrefixExists.Fail : destination.IfExists;
        var claim = await ClaimExactAsync(jobId, jobName, destination, policy, standingOf, cancellationToken);
        if (claim.Conflict is null || destination.IfExists != IfPrefixExists.NewVersion)
        {
            return claim;
        }

        var version = await NextVersionAsync(destination, cancellationToken);
        for (var attempt = 0; attempt < MaxVersionAttempts; attempt++, version++)
        {
            var versioned = destination with { Prefix = $"{destination.Prefix}/v{version.ToString(CultureInfo.InvariantCulture)}" };
            var taken = await ClaimExactAsync(jobId, jobName, versioned, IfPrefixExists.Fail, standingOf, cancellationToken);
            if (taken.Conflict is null)
            {
                return taken;
            }
        }

        return PrefixClaim.Refused(claim.Conflict with
        {
            Reason = $"{claim.Conflict.Reason} No free version under it was found after {MaxVersionAttempts} tries.",
        });
    }

    /// <summary>Gives up a claim that the job could not go on with (its start failed), if it is still the job's.</summary>
    public async Task ReleaseAsync(Guid jobId, DestinationSpec destination, CancellationToken cancellationToken)
    {
        if (await ReadOwnerAsync(destination, cancellationToken) is { } record && record.Owner.JobId == jobId)
        {
            await OwnerBlob(destination).DeleteIfExistsAsync(
                conditions: new BlobRequestConditions { IfMatch = record.ETag }, cancellationToken: cancellationToken);
        }
    }

    /// <summary>The job that owns the prefix now, from its owner record; null when it has none.</summary>
    public async Task<PrefixOwner?> OwnerOfAsync(DestinationSpec destination, CancellationToken cancellationToken) =>
        (await ReadOwnerAsync(destination, cancellationToken))?.Owner;

    private async Task<PrefixClaim> ClaimExactAsync(
        Guid jobId,
        string? jobName,
        DestinationSpec destination,
        IfPrefixExists policy,
        Func<Guid, Task<OwnerStanding>> standingOf,
        CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < MaxClaimAttempts; attempt++)
        {
            var contents = await LookAsync(destination, cancellationToken);
            var record = contents.HasOwnerRecord ? await ReadOwnerAsync(destination, cancellationToken) : null;
            if (record?.Owner.JobId == jobId)
            {
                // Taken by this job already: its start is being repeated.
                return PrefixClaim.Taken(destination);
            }

            var data = await FindDataAsync(destination, contents, cancellationToken);
            var owner = record?.Owner.JobId ?? data?.Owner;
            var standing = owner is { } known ? await standingOf(known) : OwnerStanding.Unknown;
            var abandoned = record is not null && data is null && standing == OwnerStanding.Unknown
                && timeProvider.GetUtcNow() - record.Owner.ClaimedAt > AbandonedClaimAge;
            if (record is null && data is null || abandoned)
            {
                if (await TryWriteOwnerAsync(destination, new PrefixOwner(jobId, jobName, timeProvider.GetUtcNow()), record?.ETag, cancellationToken))
                {
                    return PrefixClaim.Taken(destination);
                }

                // Another job took it in between: look again.
                continue;
            }

            if (policy != IfPrefixExists.Replace)
            {
                return PrefixClaim.Refused(Conflict(destination, owner, standing, hasData: data is not null));
            }

            if (standing == OwnerStanding.Running || (record is not null && data is null && standing == OwnerStanding.Unknown))
            {
                // A running owner is still writing; a fresh claim without data is a start under way.
                return PrefixClaim.Refused(Conflict(destination, owner, OwnerStanding.Running, hasData: data is not null) with
                {
                    Reason = $"The prefix {destination.Container}/{destination.Prefix} is being written by job {owner}, which is still running; "
                        + "cancel it first, or use destination.ifExists \"newVersion\" to write beside it.",
                });
            }

            if (await TryWriteOwnerAsync(destination, new PrefixOwner(jobId, jobName, timeProvider.GetUtcNow()), record?.ETag, cancellationToken))
            {
                return new PrefixClaim(destination, owner, null) { MustClear = data is not null };
            }
        }

        return PrefixClaim.Refused(new PrefixConflict
        {
            Container = destination.Container,
            Prefix = destination.Prefix,
            Reason = $"The prefix {destination.Container}/{destination.Prefix} changed hands {MaxClaimAttempts} times while this job tried to take it; try again.",
        });
    }

    private static PrefixConflict Conflict(DestinationSpec destination, Guid? owner, OwnerStanding standing, bool hasData)
    {
        var where = $"{destination.Container}/{destination.Prefix}";
        var what = (owner, standing) switch
        {
            (null, _) => $"The prefix {where} already holds pages or a manifest that no job of this service wrote.",
            (_, OwnerStanding.Running) => $"The prefix {where} belongs to job {owner}, which is still running.",
            _ when hasData => $"The prefix {where} holds the pages and manifest of job {owner}.",
            _ => $"The prefix {where} belongs to job {owner}.",
        };
        return new PrefixConflict
        {
            Container = destination.Container,
            Prefix = destination.Prefix,
            Owner = owner,
            Reason = $"{what} Choose another prefix (placeholders such as {{jobId}} or {{date}} make one per job), or set "
                + "destination.ifExists to \"replace\" (remove that job's pages first) or \"newVersion\" (write under a new sub-folder).",
        };
    }

    /// <summary>
    /// Refuses a prefix inside another job's pages folder (<c>{other}/pages/...</c>): its blobs would sit among that
    /// job's pages.
    /// </summary>
    private async Task<PrefixConflict?> FindEnclosingJobAsync(DestinationSpec destination, CancellationToken cancellationToken)
    {
        var segments = destination.Prefix.Split('/');
        for (var i = 1; i < segments.Length; i++)
        {
            if (segments[i] != DestinationSpec.PagesFolder)
            {
                continue;
            }

            var enclosing = destination with { Prefix = string.Join('/', segments[..i]) };
            var contents = await LookAsync(enclosing, cancellationToken);
            var owner = (contents.HasOwnerRecord ? (await ReadOwnerAsync(enclosing, cancellationToken))?.Owner.JobId : null)
                ?? (contents.HasManifest ? await ReadManifestOwnerAsync(enclosing, cancellationToken) : null);
            if (owner is not null)
            {
                return new PrefixConflict
                {
                    Container = destination.Container,
                    Prefix = destination.Prefix,
                    Owner = owner,
                    Reason = $"The prefix {destination.Container}/{destination.Prefix} lies inside the pages folder of job {owner} "
                        + $"({destination.Container}/{enclosing.PageBlobPrefix}); choose a prefix outside it.",
                };
            }
        }

        return null;
    }

    /// <summary>The version after the highest <c>v{n}</c> sub-folder of the prefix; 2 when there is none.</summary>
    private async Task<int> NextVersionAsync(DestinationSpec destination, CancellationToken cancellationToken)
    {
        var highest = 1;
        var container = blobService.GetBlobContainerClient(destination.Container);
        await foreach (var item in container.GetBlobsByHierarchyAsync(
            BlobTraits.None, BlobStates.None, "/", destination.Prefix + "/v", cancellationToken))
        {
            if (item.IsPrefix && VersionFolder().Match(item.Prefix[(destination.Prefix.Length + 1)..]) is { Success: true } match
                && int.TryParse(match.Groups[1].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture, out var version))
            {
                highest = Math.Max(highest, version);
            }
        }

        return highest + 1;
    }

    /// <summary>
    /// Whether the prefix holds a job's data: its manifest, or any blob in its pages folder; with the job that wrote it,
    /// when that is known. Null when it holds neither.
    /// </summary>
    private async Task<PrefixData?> FindDataAsync(DestinationSpec destination, PrefixContents contents, CancellationToken cancellationToken)
    {
        if (contents.HasManifest && await manifests.ReadHeadAsync(destination, cancellationToken) is { } manifest)
        {
            return new PrefixData(manifest.JobId ?? contents.PagesOwner);
        }

        return contents.HasPages ? new PrefixData(contents.PagesOwner) : null;
    }

    /// <summary>
    /// Which of the prefix's records exist, found by listing rather than by reading each: a read of a blob that is not
    /// there answers 404, which every job's trace would show as a failed request. The pages folder is looked into for
    /// its first blob, which names the job that wrote it.
    /// </summary>
    private async Task<PrefixContents> LookAsync(DestinationSpec destination, CancellationToken cancellationToken)
    {
        var contents = new PrefixContents();
        var container = blobService.GetBlobContainerClient(destination.Container);
        try
        {
            // The records' names start with '_'; folders below it are not listed, whatever their size.
            await foreach (var item in container.GetBlobsByHierarchyAsync(
                BlobTraits.None, BlobStates.None, "/", destination.Prefix + "/_", cancellationToken))
            {
                contents.HasOwnerRecord |= item.IsBlob && item.Blob.Name == destination.OwnerBlobName;
                contents.HasManifest |= item.IsBlob && item.Blob.Name == destination.ManifestBlobName;
            }

            await foreach (var page in container.GetBlobsAsync(BlobTraits.Metadata, BlobStates.None, destination.PageBlobPrefix, cancellationToken)
                .AsPages(pageSizeHint: 1).WithCancellation(cancellationToken))
            {
                if (page.Values.Count > 0)
                {
                    var metadata = page.Values[0].Metadata;
                    contents.HasPages = true;
                    contents.PagesOwner = PageBlobMetadata.JobIdOf(metadata);
                    break;
                }

                if (string.IsNullOrEmpty(page.ContinuationToken))
                {
                    break;
                }
            }
        }
        catch (RequestFailedException exception) when (exception.Status == 404)
        {
            // No container: nothing there.
        }

        return contents;
    }

    private async Task<Guid?> ReadManifestOwnerAsync(DestinationSpec destination, CancellationToken cancellationToken) =>
        (await manifests.ReadHeadAsync(destination, cancellationToken))?.JobId;

    private async Task<OwnerRecord?> ReadOwnerAsync(DestinationSpec destination, CancellationToken cancellationToken)
    {
        try
        {
            var download = await OwnerBlob(destination).DownloadContentAsync(cancellationToken);
            var owner = JsonSerializer.Deserialize<PrefixOwner>(download.Value.Content.ToMemory().Span, ManifestJson.Options);
            return owner is null ? null : new OwnerRecord(owner, download.Value.Details.ETag);
        }
        catch (RequestFailedException exception) when (exception.Status == 404)
        {
            return null;
        }
        catch (JsonException)
        {
            // Not a record this service wrote: treated as no owner record; the data beside it still counts.
            return null;
        }
    }

    /// <summary>
    /// Writes the owner record if it is unchanged since read (<paramref name="etag"/>), or does not exist (null); false
    /// when another writer came first.
    /// </summary>
    private async Task<bool> TryWriteOwnerAsync(DestinationSpec destination, PrefixOwner owner, ETag? etag, CancellationToken cancellationToken)
    {
        var conditions = etag is { } match ? new BlobRequestConditions { IfMatch = match } : new BlobRequestConditions { IfNoneMatch = ETag.All };
        try
        {
            await OwnerBlob(destination).UploadAsync(
                BinaryData.FromObjectAsJson(owner, ManifestJson.Options).ToStream(),
                new BlobUploadOptions { Conditions = conditions, HttpHeaders = new BlobHttpHeaders { ContentType = "application/json" } },
                cancellationToken);
            return true;
        }
        catch (RequestFailedException exception) when (exception.Status is 409 or 412)
        {
            return false;
        }
    }

    /// <summary>What the top level of a prefix holds of the records that say who owns it.</summary>
    private sealed class PrefixContents
    {
        public bool HasOwnerRecord { get; set; }

        public bool HasManifest { get; set; }

        public bool HasPages { get; set; }

        /// <summary>The job the first blob in the pages folder names, if it names one.</summary>
        public Guid? PagesOwner { get; set; }
    }

    /// <summary>An owner record as read, with the ETag to overwrite it by.</summary>
    private sealed record OwnerRecord(PrefixOwner Owner, ETag ETag);

    /// <summary>What a prefix holds of a job's data: the job that wrote it, when its blobs say.</summary>
    private sealed record PrefixData(Guid? Owner);

    private BlockBlobClient OwnerBlob(DestinationSpec destination) =>
        blobService.GetBlobContainerClient(destination.Container).GetBlockBlobClient(destination.OwnerBlobName);

    [GeneratedRegex("^v([1-9][0-9]{0,8})/$")]
    private static partial Regex VersionFolder();
}
