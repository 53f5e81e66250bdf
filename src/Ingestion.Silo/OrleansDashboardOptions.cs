using System.ComponentModel.DataAnnotations;

namespace Ingestion.Silo;

/// <summary>
/// The Orleans Dashboard (silos, grains, calls, reminders, live logs), on a port of its own. For local runs only,
/// where the AppHost turns it on: it has no authentication, so it stays off unless configuration asks for it.
/// </summary>
public sealed class OrleansDashboardOptions : IValidatableObject
{
    public const string SectionName = "Ingestion:Dashboard";

    public bool Enabled { get; set; }

    /// <summary>The port it answers on; the silo must listen there too (the AppHost adds it to the silo's URLs).</summary>
    [Range(1, 65535)]
    public int? Port { get; set; }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Enabled && Port is null)
        {
            yield return new ValidationResult("The Orleans Dashboard needs a port of its own.", [nameof(Port)]);
        }
    }
}
