namespace Ingestion.Api.ApiReference;

/// <summary>
/// Who may read the API's description; bound from <c>Ingestion:Api</c>. Exposed, <c>/openapi/v1.json</c> and the
/// reference page at <c>/scalar</c> are open to anyone; otherwise the document needs the API key like every
/// <c>/api</c> endpoint, and there is no page.
/// </summary>
public sealed class ApiReferenceOptions
{
    public const string SectionName = "Ingestion:Api";

    /// <summary>Whether to expose the reference anonymously; unset means only in the Development environment.</summary>
    public bool? ExposeApiReference { get; set; }

    public bool IsExposed(IHostEnvironment environment) => ExposeApiReference ?? environment.IsDevelopment();
}
