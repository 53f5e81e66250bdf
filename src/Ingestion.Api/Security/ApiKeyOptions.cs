using System.ComponentModel.DataAnnotations;

namespace Ingestion.Api.Security;

/// <summary>
/// The key every <c>/api</c> request must carry in <c>X-Api-Key</c>; bound from <c>Ingestion:Api</c> and validated at
/// start-up, so an API without a key does not start. The AppHost passes its secret parameter <c>api-key</c> as
/// <c>Ingestion__Api__Key</c>.
/// </summary>
public sealed class ApiKeyOptions
{
    public const string SectionName = "Ingestion:Api";

    public const int MinKeyLength = 16;

    public const int MaxKeyHintLength = 300;

    [Required(ErrorMessage = "Ingestion:Api:Key is not set: the API needs a key to check requests against (the AppHost's api-key parameter).")]
    [MinLength(MinKeyLength, ErrorMessage = "Ingestion:Api:Key must be at least 16 characters long.")]
    public string Key { get; set; } = "";

    /// <summary>
    /// Where a client finds the key, added to the detail of every <c>401</c>. The AppHost sets it in local runs (its
    /// console and the dashboard show the key); unset, the answer names only the header, as a deployed service should.
    /// </summary>
    [MaxLength(MaxKeyHintLength, ErrorMessage = "Ingestion:Api:KeyHint must be at most 300 characters long.")]
    public string? KeyHint { get; set; }
}
