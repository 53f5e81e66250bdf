namespace Ingestion.Records;

/// <summary>
/// Which pages a pass over a job's pages folds. The first pass (round 0) visits every page in order. A retry of the
/// job's failed pages is a round of its own, and its pass visits only the pages no earlier pass found content in, and
/// those beyond every earlier pass: so a page's records are folded in exactly one pass, whichever round stored it.
/// </summary>
public static class RecordPass
{
    /// <summary>Starts the pass of <paramref name="round"/> at its first candidate page.</summary>
    public static void Begin(RecordsCheckpoint checkpoint, int round)
    {
        checkpoint.Round = round;
        checkpoint.PassComplete = false;
        checkpoint.SkippedThisPass = [];
        checkpoint.Position = RecordPosition.StartOf(NextCandidate(checkpoint, 1));
    }

    /// <summary>Whether this pass visits <paramref name="page"/>.</summary>
    public static bool IsCandidate(RecordsCheckpoint checkpoint, int page) =>
        page > checkpoint.VisitedThrough || checkpoint.Skipped.Exists(span => span.Contains(page));

    /// <summary>The first page at or after <paramref name="page"/> this pass visits.</summary>
    public static int NextCandidate(RecordsCheckpoint checkpoint, int page)
    {
        if (page > checkpoint.VisitedThrough)
        {
            return page;
        }

        foreach (var span in checkpoint.Skipped)
        {
            if (span.To >= page)
            {
                return Math.Max(page, span.From);
            }
        }

        return checkpoint.VisitedThrough + 1;
    }

    /// <summary>Notes that this pass found no content in <paramref name="page"/>: a later pass visits it again.</summary>
    public static void Skip(RecordsCheckpoint checkpoint, int page)
    {
        var spans = checkpoint.SkippedThisPass;
        if (spans.Count > 0 && spans[^1].To == page - 1)
        {
            spans[^1] = spans[^1] with { To = page };
        }
        else if (spans.Count == 0 || spans[^1].To < page)
        {
            spans.Add(new PageSpan(page, page));
        }
    }

    /// <summary>
    /// Ends the pass, whose round had <paramref name="lastPage"/> pages: what it skipped, and what earlier passes skipped
    /// beyond its end, are the next pass's candidates.
    /// </summary>
    public static void Complete(RecordsCheckpoint checkpoint, int lastPage)
    {
        checkpoint.Skipped =
        [
            .. checkpoint.SkippedThisPass,
            .. checkpoint.Skipped.Where(span => span.To > lastPage).Select(span => span with { From = Math.Max(span.From, lastPage + 1) }),
        ];
        checkpoint.Skipped.Sort((left, right) => left.From.CompareTo(right.From));
        checkpoint.SkippedThisPass = [];
        checkpoint.VisitedThrough = Math.Max(checkpoint.VisitedThrough, lastPage);
        checkpoint.Position = RecordPosition.StartOf(checkpoint.VisitedThrough + 1);
        checkpoint.PassComplete = true;
    }
}
