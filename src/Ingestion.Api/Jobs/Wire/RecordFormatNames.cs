using Ingestion.Records;

namespace Ingestion.Api.Jobs.Wire;

/// <summary>
/// The names <c>records.format</c> takes, as <see cref="RecordsInput.Format"/> lists them. They are file extensions
/// (<c>jsonl.gz</c>), not names of <see cref="RecordFormat"/> values, so each stands for the format at its place in
/// <see cref="InNameOrder"/>.
/// </summary>
internal static class RecordFormatNames
{
    /// <summary>The format each allowed name stands for, in the order the names are listed.</summary>
    private static readonly RecordFormat[] InNameOrder = [RecordFormat.Parquet, RecordFormat.JsonLinesGzip];

    private static IReadOnlyList<string> Names => NamedChoices<RecordFormat>.Of(typeof(RecordsInput), nameof(RecordsInput.Format));

    /// <summary>"Must be one of ..." for an error.</summary>
    public static string MustBeOneOf => NamedChoices<RecordFormat>.MustBeOneOf(typeof(RecordsInput), nameof(RecordsInput.Format));

    /// <summary>The format a name names, whatever its case; null for any other name.</summary>
    public static RecordFormat? Parse(string name)
    {
        var names = Names;
        for (var i = 0; i < names.Count; i++)
        {
            if (string.Equals(names[i], name, StringComparison.OrdinalIgnoreCase))
            {
                return InNameOrder[i];
            }
        }

        return null;
    }

    public static string NameOf(RecordFormat format) =>
        Array.IndexOf(InNameOrder, format) is var place and >= 0
            ? Names[place]
            : throw new ArgumentOutOfRangeException(nameof(format), format, "A record format without a name on the wire.");
}
