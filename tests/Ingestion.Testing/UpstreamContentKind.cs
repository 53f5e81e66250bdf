namespace Ingestion.Testing;

/// <summary>The representations <see cref="UpstreamServer"/> serves each page in, one route each.</summary>
public enum UpstreamContentKind
{
    /// <summary><c>GET /pages/{page}</c>, <c>application/json</c>.</summary>
    Json,

    /// <summary><c>GET /text/{page}</c>, <c>text/plain</c>.</summary>
    Text,

    /// <summary><c>GET /html/{page}</c>, <c>text/html</c>.</summary>
    Html,

    /// <summary><c>GET /bin/{page}</c>, <c>application/octet-stream</c>.</summary>
    Binary,
}
