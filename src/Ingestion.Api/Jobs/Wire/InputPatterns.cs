namespace Ingestion.Api.Jobs.Wire;

/// <summary>The forms the job spec's read-from-a-page fields take, as regular expressions for the OpenAPI document.</summary>
public static class InputPatterns
{
    /// <summary>An RFC 6901 pointer: "" (the whole body) or '/'-separated tokens where '~' only starts ~0 or ~1.</summary>
    public const string JsonPointer = "^(/([^~]|~[01])*)*$";

    /// <summary>A response header name: an RFC 9110 token.</summary>
    public const string HeaderName = "^[!#$%&'*+.^_`|~0-9A-Za-z-]+$";

    /// <summary>A query parameter name of RFC 3986 unreserved characters, up to 100.</summary>
    public const string QueryParameterName = "^[A-Za-z0-9._~-]{1,100}$";
}
