using System.ComponentModel.DataAnnotations;

namespace Ingestion.Storage;

/// <summary>Where the service keeps its own records; bound from <c>Ingestion:Storage</c>.</summary>
public sealed class StorageOptions
{
    public const string SectionName = "Ingestion:Storage";

    /// <summary>The container that holds each job's journal of failed pages, apart from the users' data.</summary>
    [Required, RegularExpression("^[a-z0-9](?!.*--)[a-z0-9-]{1,61}[a-z0-9]$")]
    public string JournalContainer { get; set; } = "ingestion-journal";
}
