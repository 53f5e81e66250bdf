using System.ComponentModel.DataAnnotations;

namespace Ingestion.Storage;

/// <summary>Where the service keeps its own records; bound from <c>Ingestion:Storage</c>.</summary>
public sealed class StorageOptions
{
    public const string SectionName = "Ingestion:Storage";

    /// <summary>The container that holds each job's journal of failed pages, apart from the users' data.</summary>
    [Required, RegularExpression("^ingestion-(?!.*--)[a-z0-9-]{0,52}[a-z0-9]$", ErrorMessage = "Must be a container name starting with ingestion-, which jobs may not use.")]
    public string JournalContainer { get; set; } = "ingestion-journal";
}
