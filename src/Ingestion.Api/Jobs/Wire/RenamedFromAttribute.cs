namespace Ingestion.Api.Jobs.Wire;

/// <summary>
/// The field was called <see cref="FormerName"/> in an earlier version of the spec: a spec that still uses that name is
/// told what it became, and why, rather than only that it is unknown.
/// </summary>
[AttributeUsage(AttributeTargets.Property, AllowMultiple = true, Inherited = false)]
public sealed class RenamedFromAttribute(string formerName, string why) : Attribute
{
    public string FormerName { get; } = formerName;

    /// <summary>What the field does now, in words that end the message "Renamed: use 'x' (...)".</summary>
    public string Why { get; } = why;
}
