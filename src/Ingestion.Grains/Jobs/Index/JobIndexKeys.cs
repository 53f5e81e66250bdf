using System.Buffers.Text;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Ingestion.Grains.Jobs.Index;

/// <summary>
/// Where a job's row sits in the job index, and the continuation that points just after a row. Keys sort newest first:
/// the partition is the job's month counted down, the row its creation time counted down, then its id; so a listing reads
/// from the start of the table, and a continuation is the last row read.
/// </summary>
public static partial class JobIndexKeys
{
    public static string PartitionOf(DateTimeOffset createdAt)
    {
        var utc = createdAt.UtcDateTime;
        return string.Create(CultureInfo.InvariantCulture, $"{((9999 - utc.Year) * 100) + (12 - utc.Month):D6}");
    }

    public static string RowOf(Guid id, DateTimeOffset createdAt) =>
        string.Create(CultureInfo.InvariantCulture, $"{DateTimeOffset.MaxValue.UtcTicks - createdAt.UtcTicks:D19}-{id:N}");

    /// <summary>The continuation after the row (<paramref name="partition"/>, <paramref name="row"/>): opaque to clients.</summary>
    public static string ContinuationAfter(string partition, string row) =>
        Base64Url.EncodeToString(Encoding.ASCII.GetBytes($"{partition}/{row}"));

    /// <summary>The row a continuation names; false for text that is not a continuation this index gave.</summary>
    public static bool TryReadContinuation(string continuation, out string partition, out string row)
    {
        (partition, row) = ("", "");
        byte[] bytes;
        try
        {
            bytes = Base64Url.DecodeFromChars(continuation);
        }
        catch (FormatException)
        {
            return false;
        }

        var match = Continuation().Match(Encoding.ASCII.GetString(bytes));
        if (!match.Success)
        {
            return false;
        }

        (partition, row) = (match.Groups["partition"].Value, match.Groups["row"].Value);
        return true;
    }

    [GeneratedRegex("^(?<partition>[0-9]{6})/(?<row>[0-9]{19}-[0-9a-f]{32})$", RegexOptions.CultureInvariant)]
    private static partial Regex Continuation();
}
