using System.ComponentModel.DataAnnotations;

namespace Ingestion.Api.Apis;

/// <summary>
/// Header names whose values a job view masks, on top of the built-in ones (<see cref="SensitiveHeaders.Default"/>);
/// bound from <c>Ingestion:Api</c> (<c>Ingestion:Api:SensitiveHeaders:0=X-Tenant</c>) and validated at start-up.
/// </summary>
public sealed class SensitiveHeaderOptions : IValidatableObject
{
    public const string SectionName = "Ingestion:Api";

    public const int MaxEntries = 50;

    public const int MaxEntryLength = 100;

    /// <summary>
    /// Each entry masks every header whose name contains it, ignoring case: a whole name (<c>X-Tenant</c>) or a part of
    /// names (<c>session</c>).
    /// </summary>
    public IList<string> SensitiveHeaders { get; } = [];

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (SensitiveHeaders.Count > MaxEntries)
        {
            yield return new ValidationResult(
                $"Ingestion:Api:SensitiveHeaders has {SensitiveHeaders.Count} entries; at most {MaxEntries} are allowed.",
                [nameof(SensitiveHeaders)]);
        }

        for (var index = 0; index < SensitiveHeaders.Count; index++)
        {
            var entry = SensitiveHeaders[index];
            if (string.IsNullOrEmpty(entry) || entry.Length > MaxEntryLength || !entry.All(IsTokenChar))
            {
                yield return new ValidationResult(
                    $"Ingestion:Api:SensitiveHeaders[{index}] '{entry}' is not a header name or a part of one " +
                    $"(1 to {MaxEntryLength} letters, digits or -_.!#$%&'*+^`|~).",
                    [nameof(SensitiveHeaders)]);
            }
        }
    }

    // RFC 9110 token characters: what a header name is made of.
    private static bool IsTokenChar(char c) =>
        c is >= 'a' and <= 'z' or >= 'A' and <= 'Z' or >= '0' and <= '9'
            or '!' or '#' or '$' or '%' or '&' or '\'' or '*' or '+' or '-' or '.' or '^' or '_' or '`' or '|' or '~';
}
