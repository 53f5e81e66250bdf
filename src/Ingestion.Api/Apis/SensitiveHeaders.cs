namespace Ingestion.Api.Apis;

/// <summary>
/// Which of a job's request headers hold secrets: credentials by name (<c>Authorization</c>,
/// <c>Proxy-Authorization</c>, <c>Cookie</c>) and any header whose name says it carries one (contains <c>key</c>,
/// <c>token</c>, <c>secret</c>, <c>password</c>, <c>signature</c> or <c>auth</c>), ignoring case, plus the configured
/// additions. Everything else (<c>Accept</c>, <c>User-Agent</c>, ...) is shown as given, so a job can be checked.
/// </summary>
public sealed class SensitiveHeaders
{
    private static readonly string[] BuiltInNames = ["Authorization", "Proxy-Authorization", "Cookie"];

    private static readonly string[] BuiltInFragments = ["key", "token", "secret", "password", "signature", "auth"];

    private readonly HashSet<string> _names;
    private readonly string[] _fragments;

    private SensitiveHeaders(IEnumerable<string> additionalFragments)
    {
        _names = new HashSet<string>(BuiltInNames, StringComparer.OrdinalIgnoreCase);
        _fragments = [.. BuiltInFragments, .. additionalFragments];
    }

    /// <summary>The built-in rules alone.</summary>
    public static SensitiveHeaders Default { get; } = new([]);

    /// <summary>The built-in rules and the configured additions, each of which matches any name that contains it.</summary>
    public static SensitiveHeaders From(SensitiveHeaderOptions options) => new(options.SensitiveHeaders);

    public bool IsSensitive(string headerName) =>
        _names.Contains(headerName)
        || _fragments.Any(fragment => headerName.Contains(fragment, StringComparison.OrdinalIgnoreCase));
}
