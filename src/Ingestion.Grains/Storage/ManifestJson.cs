using System.Text.Json;
using Ingestion.PageRecords;

namespace Ingestion.Storage;

/// <summary>How manifests (and the prefix owner record) are written and read: camelCase, enums by name, nulls left out.</summary>
public static class ManifestJson
{
    /// <summary>
    /// The page records' own options (<see cref="PageRecordJson"/>): most of a manifest is its page entries, and the
    /// header is written the same way so that a reader of the whole document needs one set of options.
    /// </summary>
    public static JsonSerializerOptions Options => PageRecordJson.Options;
}
