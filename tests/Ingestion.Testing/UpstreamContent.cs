using System.Text;
using static System.FormattableString;

namespace Ingestion.Testing;

/// <summary>
/// The deterministic body of each upstream page: the same page, size and kind always give the same bytes, so a
/// test can compute what should have been stored without asking the server.
/// </summary>
internal static class UpstreamContent
{
    private const int ItemsPerPage = 10;

    public static string ContentType(UpstreamContentKind kind) => kind switch
    {
        UpstreamContentKind.Json => "application/json",
        UpstreamContentKind.Text => "text/plain",
        UpstreamContentKind.Html => "text/html",
        UpstreamContentKind.Binary => "application/octet-stream",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    public static string RoutePrefix(UpstreamContentKind kind) => kind switch
    {
        UpstreamContentKind.Json => "pages",
        UpstreamContentKind.Text => "text",
        UpstreamContentKind.Html => "html",
        UpstreamContentKind.Binary => "bin",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    /// <summary>
    /// Exactly <paramref name="size"/> bytes, except that JSON and HTML never drop below their unpadded document,
    /// so they stay well-formed.
    /// </summary>
    public static byte[] Create(int page, int size, UpstreamContentKind kind)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(size);
        return kind switch
        {
            UpstreamContentKind.Json => Json(page, size),
            UpstreamContentKind.Text => Text(page, size),
            UpstreamContentKind.Html => Html(page, size),
            UpstreamContentKind.Binary => Binary(page, size),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
        };
    }

    private static byte[] Json(int page, int size)
    {
        var items = string.Join(
            ',', Enumerable.Range(0, ItemsPerPage).Select(i => Invariant($"\"page-{page}-item-{i}\"")));
        var head = Invariant($"{{\"page\":{page},\"items\":[{items}],\"padding\":\"");
        const string Tail = "\"}";
        return Encoding.ASCII.GetBytes(head + new string('x', Math.Max(0, size - head.Length - Tail.Length)) + Tail);
    }

    private static byte[] Text(int page, int size)
    {
        var text = new StringBuilder(size + 32);
        for (var line = 0; text.Length < size; line++)
        {
            text.Append(Invariant($"page {page} line {line}\n"));
        }

        return Encoding.ASCII.GetBytes(text.ToString(0, size));
    }

    private static byte[] Html(int page, int size)
    {
        var head = Invariant(
            $"<!DOCTYPE html><html><head><title>Page {page}</title></head><body><h1>Page {page}</h1>");
        const string Tail = "</body></html>";
        var html = new StringBuilder(head, Math.Max(size, head.Length + Tail.Length));
        for (var paragraph = 0; ; paragraph++)
        {
            var next = Invariant($"<p>page {page} paragraph {paragraph}</p>");
            if (html.Length + next.Length + Tail.Length > size)
            {
                break;
            }

            html.Append(next);
        }

        // Whitespace fills the rest exactly and keeps the document valid.
        html.Append('\n', Math.Max(0, size - html.Length - Tail.Length)).Append(Tail);
        return Encoding.ASCII.GetBytes(html.ToString());
    }

    private static byte[] Binary(int page, int size)
    {
        // xorshift32 seeded by the page: cheap, deterministic, and not compressible into nothing.
        var bytes = new byte[size];
        var state = unchecked((uint)page * 2654435761u) | 1u;
        for (var i = 0; i < size; i++)
        {
            state ^= state << 13;
            state ^= state >> 17;
            state ^= state << 5;
            bytes[i] = (byte)state;
        }

        return bytes;
    }
}
