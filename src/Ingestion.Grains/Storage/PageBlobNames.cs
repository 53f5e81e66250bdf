using System.Globalization;
using Ingestion.Jobs;

namespace Ingestion.Storage;

/// <summary>
/// Page blob names: <c>{prefix}/pages/{n}</c>, n zero-padded to six digits, or to the width of the page count where that
/// is wider, so names sort in page order.
/// </summary>
public static class PageBlobNames
{
    private const int MinimumWidth = 6;

    public static string Stem(DestinationSpec destination, int page, int pageCount)
    {
        var width = Math.Max(MinimumWidth, pageCount.ToString(CultureInfo.InvariantCulture).Length);
        return destination.PageBlobPrefix + page.ToString(CultureInfo.InvariantCulture).PadLeft(width, '0');
    }
}
