namespace Ingestion.Api.Jobs;

/// <summary>Collects validation errors keyed by the JSON path of the offending field, as RFC 7807 "errors" wants them.</summary>
public sealed class ValidationErrors
{
    /// <summary>Past this, further errors are not listed one by one (a list of a million bad URLs says enough in 20).</summary>
    public const int MaxErrors = 50;

    private readonly Dictionary<string, List<string>> _errors = new(StringComparer.Ordinal);
    private int _count;

    public bool Any => _count > 0;

    public void Add(string path, string message)
    {
        _count++;
        if (_count > MaxErrors)
        {
            return;
        }

        if (!_errors.TryGetValue(path, out var messages))
        {
            _errors[path] = messages = [];
        }

        messages.Add(message);
    }

    public Dictionary<string, string[]> ToDictionary()
    {
        var result = _errors.ToDictionary(pair => pair.Key, pair => pair.Value.ToArray(), StringComparer.Ordinal);
        if (_count > MaxErrors)
        {
            result["$"] = [$"{_count} errors in all; only the first {MaxErrors} are listed."];
        }

        return result;
    }
}
