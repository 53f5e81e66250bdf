using System.Globalization;

namespace Ingestion.Baseline;

/// <summary>
/// What one baseline run does, as its command line says it: pages 1 to <see cref="Pages"/> of
/// <see cref="UrlTemplate"/> (where <c>{page}</c> is the page number), each fetched and uploaded to
/// <see cref="Container"/> under <see cref="Prefix"/>, <see cref="Concurrency"/> at a time, after the
/// <see cref="WarmUp"/>'s pages, fetched and uploaded the same way in its runs and left out of the figures. The
/// benchmark builds the command line with <see cref="ToArguments"/> and the process reads it back with
/// <see cref="Parse"/>, so the two cannot drift apart.
/// </summary>
public sealed record BaselineOptions(
    string UrlTemplate,
    int Pages,
    WarmUp WarmUp,
    int Concurrency,
    string ConnectionString,
    string Container,
    string Prefix,
    TimeSpan Timeout)
{
    public const string Usage =
        "Usage: Ingestion.Baseline --url-template URL_WITH_{page} --pages N --warm-up-pages N --warm-up-runs N " +
        "--concurrency N --connection-string CONNECTION_STRING --container NAME --prefix PREFIX [--timeout-seconds N]";

    /// <summary>The run is cancelled after this long when the command line sets no other bound.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromMinutes(30);

    public string PageUrl(int page) => UrlTemplate.Replace("{page}", page.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal);

    /// <summary>Reads <c>--name value</c> pairs; throws <see cref="ArgumentException"/> saying what is wrong.</summary>
    public static BaselineOptions Parse(IReadOnlyList<string> args)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Count; i += 2)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Count)
            {
                throw new ArgumentException($"Expected --name value pairs, got '{args[i]}'.");
            }

            values[args[i][2..]] = args[i + 1];
        }

        string Text(string name) =>
            values.TryGetValue(name, out var value) && value.Length > 0 ? value : throw new ArgumentException($"--{name} is missing.");

        int Count(string name, int minimum) =>
            int.TryParse(Text(name), NumberStyles.None, CultureInfo.InvariantCulture, out var count) && count >= minimum
                ? count
                : throw new ArgumentException($"--{name} must be a whole number of at least {minimum}.");

        var template = Text("url-template");
        if (!template.Contains("{page}", StringComparison.Ordinal))
        {
            throw new ArgumentException("--url-template must hold {page}.");
        }

        return new BaselineOptions(
            template,
            Count("pages", 1),
            new WarmUp(Count("warm-up-pages", 0), Count("warm-up-runs", 1)),
            Count("concurrency", 1),
            Text("connection-string"),
            Text("container"),
            Text("prefix"),
            values.ContainsKey("timeout-seconds") ? TimeSpan.FromSeconds(Count("timeout-seconds", 1)) : DefaultTimeout);
    }

    public IReadOnlyList<string> ToArguments() =>
    [
        "--url-template", UrlTemplate,
        "--pages", Invariant(Pages),
        "--warm-up-pages", Invariant(WarmUp.Pages),
        "--warm-up-runs", Invariant(Math.Max(1, WarmUp.Runs)),
        "--concurrency", Invariant(Concurrency),
        "--connection-string", ConnectionString,
        "--container", Container,
        "--prefix", Prefix,
        "--timeout-seconds", Invariant((int)Math.Ceiling(Timeout.TotalSeconds)),
    ];

    private static string Invariant(int value) => value.ToString(CultureInfo.InvariantCulture);
}
