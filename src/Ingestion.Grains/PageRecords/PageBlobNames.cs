using System.Globalization;
using Ingestion.Jobs;

namespace Ingestion.PageRecords;

/// <summary>
/// Page blob names: <c>{prefix}/pages/{n}{extension}</c>, n zero-padded to six digits, or to the width of the page count
/// where that is wider, so names sort in page order; the extension follows the response's media type
/// (<see cref="ContentTypes"/>). The part before the extension is the page's stem: the job decides it (it knows the
/// width), the attempt that stores the page adds the extension (it knows the media type).
/// </summary>
public static class PageBlobNames
{
    private const int MinimumWidth = 6;

    /// <summary>The full name of a page's blob.</summary>
    public static string Of(string pageBlobPrefix, int page, int width, string? mediaType) =>
        Of(Stem(pageBlobPrefix, page, width), mediaType);

    /// <summary>The full name of the page whose stem is <paramref name="stem"/>, for a response of <paramref name="mediaType"/>.</summary>
    public static string Of(string stem, string? mediaType) => stem + ContentTypes.ExtensionFor(mediaType);

    /// <summary>A page's name without its extension, in a job of at most <paramref name="pageCount"/> pages.</summary>
    public static string Stem(DestinationSpec destination, int page, int pageCount) =>
        Stem(destination.PageBlobPrefix, page, WidthFor(pageCount));

    public static string Stem(string pageBlobPrefix, int page, int width) =>
        pageBlobPrefix + page.ToString(CultureInfo.InvariantCulture).PadLeft(width, '0');

    /// <summary>How many digits page numbers are padded to in a job of at most <paramref name="pageCount"/> pages.</summary>
    public static int WidthFor(int pageCount) =>
        Math.Max(MinimumWidth, pageCount.ToString(CultureInfo.InvariantCulture).Length);

    /// <summary>
    /// What every name of the page with <paramref name="stem"/> starts with, whatever its extension: a listing by it finds
    /// them all, and no other page's (a longer page number has a digit where this has the dot).
    /// </summary>
    public static string NamesPrefixOf(string stem) => stem + ".";
}
