using Ingestion.Jobs;
using Ingestion.Storage;

namespace Ingestion.Grains.Jobs;

/// <summary>
/// A replacing job's removal of the previous jobs' blobs under its prefix, one step (a listing page) at a time, telling
/// each job whose blobs it removes that it is superseded; those that cannot be told at once are told at a later step.
/// </summary>
internal sealed class PrefixClearing(PrefixClearer clearer, Guid jobId, DestinationSpec destination)
{
    private readonly HashSet<Guid> _toTell = [];
    private string? _continuation;

    public int Removed { get; private set; }

    /// <summary>Jobs to tell they are superseded, besides those whose blobs are removed (the prefix's previous owner).</summary>
    public void Tell(Guid job) => _toTell.Add(job);

    /// <summary>One step; true once the prefix is clear. <paramref name="tell"/> answers whether the jobs could be told.</summary>
    public async Task<bool> StepAsync(Func<IReadOnlyCollection<Guid>, Task<bool>> tell, CancellationToken cancellationToken)
    {
        var step = await clearer.ClearStepAsync(destination, jobId, _continuation, cancellationToken);
        Removed += step.Deleted;
        _toTell.UnionWith(step.Owners);
        if (_toTell.Count > 0 && await tell(_toTell))
        {
            _toTell.Clear();
        }

        _continuation = step.Next;
        return step.Next is null;
    }
}
