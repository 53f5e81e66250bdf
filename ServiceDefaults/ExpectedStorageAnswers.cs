using System.Diagnostics;
using System.Net;
using Microsoft.AspNetCore.WebUtilities;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// Azure Storage answers that the services ask for on purpose and take as success, which the HTTP client spans would
/// otherwise show as failures: by the HTTP semantic conventions every 4xx answer to a client makes its span an error.
/// </summary>
public static class ExpectedStorageAnswers
{
    /// <summary>The header in which Azure Storage names an error.</summary>
    public const string ErrorCodeHeader = "x-ms-error-code";

    /// <summary>The error code of "Create Container" for a container that exists.</summary>
    public const string ContainerAlreadyExists = "ContainerAlreadyExists";

    /// <summary>The error code of "Create Table" for a table that exists.</summary>
    public const string TableAlreadyExists = "TableAlreadyExists";

    /// <summary>
    /// Whether the answer is Blob Storage's <c>409 ContainerAlreadyExists</c> to "Create Container"
    /// (<c>PUT {container}?restype=container</c>), which is how <c>CreateIfNotExistsAsync</c> learns that the
    /// container is already there: each job checks its destination container that way when it starts.
    /// </summary>
    public static bool IsExistingContainer(HttpRequestMessage request, HttpResponseMessage response)
    {
        if (request.Method != HttpMethod.Put || response.StatusCode != HttpStatusCode.Conflict || request.RequestUri is not { } uri)
        {
            return false;
        }

        // Other container operations (metadata, ACL, lease) add a "comp" parameter; creating one has none.
        var query = QueryHelpers.ParseQuery(uri.Query);
        return query.TryGetValue("restype", out var resourceType)
            && resourceType == "container"
            && !query.ContainsKey("comp")
            && response.Headers.TryGetValues(ErrorCodeHeader, out var codes)
            && codes.Contains(ContainerAlreadyExists, StringComparer.Ordinal);
    }

    /// <summary>
    /// Whether the answer is Table Storage's <c>409 TableAlreadyExists</c> to "Create Table" (<c>POST Tables</c>), which
    /// is how <c>CreateIfNotExistsAsync</c> learns that a table is already there: each silo checks the job and pipeline
    /// indexes' tables that way on first use, within the trace of the job or pipeline that first writes its row.
    /// </summary>
    public static bool IsExistingTable(HttpRequestMessage request, HttpResponseMessage response) =>
        request.Method == HttpMethod.Post
        && response.StatusCode == HttpStatusCode.Conflict
        && request.RequestUri is { } uri
        && uri.AbsolutePath.EndsWith("/Tables", StringComparison.Ordinal)
        && response.Headers.TryGetValues(ErrorCodeHeader, out var codes)
        && codes.Contains(TableAlreadyExists, StringComparer.Ordinal);

    /// <summary>
    /// For the HttpClient instrumentation's response callback, which runs after the runtime has set the span's status:
    /// an expected answer leaves the span's status unset and drops its <c>error.type</c>. The status code stays.
    /// </summary>
    public static void ClearExpectedError(Activity activity, HttpResponseMessage response)
    {
        if (response.RequestMessage is { } request && (IsExistingContainer(request, response) || IsExistingTable(request, response)))
        {
            activity.SetStatus(ActivityStatusCode.Unset);
            activity.SetTag("error.type", null);
        }
    }
}
