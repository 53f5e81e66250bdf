using Aspire.Hosting.ApplicationModel;

namespace Ingestion.AppHost;

/// <summary>The services' plain-http endpoints in local runs, which need no development certificate.</summary>
public static class DevelopmentCertificateExtensions
{
    /// <summary>
    /// Run mode: tells Aspire that the project serves no HTTPS. Aspire 13.6 gives every project a callback that would
    /// hand it the ASP.NET Core development certificate, and counts such a project as using TLS; with no trusted
    /// development certificate on the machine it then warns at start ("No trusted Aspire development certificate was
    /// found") and shows a red "No trusted development certificate" banner on every dashboard page. These projects
    /// only have http endpoints, so the certificate is never used and the warning would be wrong.
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithoutDevelopmentCertificate(this IResourceBuilder<ProjectResource> project)
    {
        if (project.ApplicationBuilder.ExecutionContext.IsRunMode)
        {
#pragma warning disable ASPIRECERTIFICATES001 // Marked for evaluation; it is Aspire's way to say a resource needs no certificate.
            project.WithoutHttpsCertificate();
#pragma warning restore ASPIRECERTIFICATES001
        }

        return project;
    }
}
