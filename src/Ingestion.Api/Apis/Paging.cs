namespace Ingestion.Api.Apis;

/// <summary>The <c>skip</c> and <c>take</c> of a listing, checked.</summary>
internal static class Paging
{
    /// <summary>The problems with them by parameter, or null when there are none.</summary>
    public static Dictionary<string, string[]>? Problems(int? skip, int? take, int maxTake)
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
