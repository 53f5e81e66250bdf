using System.Security.Cryptography;
using System.Text;

namespace Ingestion.Api.Jobs;

/// <summary>
/// The <c>Idempotency-Key</c> request header: what a key may hold, and the job id it stands for. The id is derived
/// from the key alone, so a repeated submission reaches the job grain that the first one created, without any
/// key-to-id lookup to store.
/// </summary>
public static class IdempotencyKeys
{
    public const string HeaderName = "Idempotency-Key";

    public const int MaxLength = 200;

    // Fixes the id space: changing it would give every key a new job.
    private const string Namespace = "ingestion:job-id:idempotency-key:v1:";

    /// <summary>Why <paramref name="key"/> is not a valid key, or null when it is: 1 to 200 printable ASCII characters.</summary>
    public static string? ProblemWith(string key) =>
        key.Length is >= 1 and <= MaxLength && key.All(c => c is >= ' ' and <= '~')
            ? null
            : $"Must be 1 to {MaxLength} printable ASCII characters.";

    /// <summary>
    /// The job id for a key: the first 16 bytes of SHA-256 over a fixed namespace and the key, as an RFC 9562 version 8
    /// (custom) UUID. It cannot collide with the version 7 ids of jobs submitted without a key.
    /// </summary>
    public static Guid JobIdFor(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(Namespace + key), hash);
        var bytes = hash[..16];
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x80); // version 8
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80); // variant 10xx
        return new Guid(bytes, bigEndian: true);
    }
}
