namespace Ingestion.Api.Apis;

/// <summary>The <c>skip</c> (or continuation) and <c>take</c> of a listing, checked.</summary>
internal static class Paging
{
    public const int DefaultTake = 100;
    public const int MaxTake = 1_000;
    public const string SkipDescription = "How many to leave out from the start; 0 by default.";
    public const string TakeDescription = "How many to answer, 1 to 1000; 100 by default.";
    public const string ContinuationDescription = "Where the slice starts: the continuation of the previous answer, as it is; none for the first slice.";

    /// <summary>The problems with them by parameter, or null when there are none.</summary>
    public static Dictionary<string, string[]>? Problems(int? skip, int? take, int maxTake = MaxTake)
    {
        var problems = new Dictionary<string, string[]>();
        if (skip < 0)
        {
            problems["skip"] = ["Must be 0 or more."];
        }

        if (take < 1 || take > maxTake)
        {
            problems["take"] = [$"Must be from 1 to {maxTake}."];
        }

        return problems.Count > 0 ? problems : null;
    }
}
