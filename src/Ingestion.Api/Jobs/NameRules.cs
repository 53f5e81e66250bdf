namespace Ingestion.Api.Jobs;

/// <summary>What a job's or a pipeline's name must be: within the length limit, without control characters.</summary>
internal static class NameRules
{
    public static IEnumerable<string> Problems(string name, int maxLength)
    {
        if (name.Length > maxLength)
        {
            yield return $"Must be at most {maxLength} characters.";
        }

        if (name.Any(char.IsControl))
        {
            yield return "Must not contain control characters.";
        }
    }
}
