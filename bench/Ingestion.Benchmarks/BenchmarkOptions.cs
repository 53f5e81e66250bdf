using System.Globalization;
using Ingestion.Baseline;
using Ingestion.Testing;

namespace Ingestion.Benchmarks;

/// <summary>
/// The benchmark's command line: <c>--smoke</c> (every kind of scenario, small), <c>--scenario NAME</c> (those whose name
/// starts with it; <c>million</c> is only run when named), <c>--service-only</c> (no baseline, no ratios),
/// <c>--rounds N</c> (of each compared scenario; 3 by default, 1 in a smoke run) and <c>--pages N</c> (every scenario
/// chosen at that size, without its targets) and <c>--azurite-db URI</c> (the Azurites that the scenarios start keep blob
/// metadata in that MySQL or MariaDB database; see <see cref="AzuriteOptions.BlobMetadataDatabase"/>).
/// </summary>
public sealed record BenchmarkOptions(bool Smoke, string? Only, bool ServiceOnly, int Rounds, int? Pages, string? AzuriteDatabase = null)
{
    public const string Usage =
        "Usage: dotnet run -c Release --project bench/Ingestion.Benchmarks [-- [--smoke] [--scenario NAME] [--service-only] [--rounds N] [--pages N] [--azurite-db mysql://USER:PASSWORD@HOST:PORT/DATABASE]]";

    public const int DefaultRounds = 3;

    /// <summary>
    /// Pages of the warm-up that the service (a job through the API, waited for) and the baseline (in its process) each
    /// fetch and store before their measured pages. Tens of thousands, not hundreds: the runtime's tiered compilation keeps
    /// recompiling a silo's hot code for about half a minute of work (its compilation thread used 20 to 45 % of a core
    /// until some 30 s after the silo started, 10,000 pages into a latency-bound job, and about 1 % from 35 s on), and the
    /// measured run should see either side in the state it runs in for hours.
    /// </summary>
    /// <remarks>
    /// Each side takes them in 100 runs of 300 (<see cref="WarmUp"/>), so that the service's once-per-job code has run
    /// as often as the runtime needs to optimize it, as it has in a service that has run jobs for a while: after one
    /// warm-up job the silo was still compiling that code during the measured job, 0.3 to 0.8 s of CPU, and after 30
    /// some of it had reached only its instrumented stage.
    /// </remarks>
    public WarmUp WarmUp => Smoke ? new WarmUp(50, 2) : new WarmUp(30_000, 100);

    /// <summary>How long the whole run may take before it is cancelled.</summary>
    public TimeSpan Timeout => Smoke ? TimeSpan.FromMinutes(15) : TimeSpan.FromHours(Only is null ? 4 : 3);

    /// <summary>Reads the command line; throws <see cref="ArgumentException"/> saying what is wrong.</summary>
    public static BenchmarkOptions Parse(IReadOnlyList<string> args)
    {
        var (smoke, serviceOnly, only, rounds, pages, azuriteDatabase) = (false, false, (string?)null, (int?)null, (int?)null, (string?)null);
        for (var i = 0; i < args.Count; i++)
        {
            switch (args[i])
            {
                case "--smoke":
                    smoke = true;
                    break;
                case "--service-only":
                    serviceOnly = true;
                    break;
                case "--scenario":
                    only = Value(args, ++i, "--scenario");
                    break;
                case "--rounds":
                    rounds = Count(args, ++i, "--rounds");
                    break;
                case "--pages":
                    pages = Count(args, ++i, "--pages");
                    break;
                case "--azurite-db":
                    azuriteDatabase = Value(args, ++i, "--azurite-db");
                    if (!azuriteDatabase.StartsWith("mysql://", StringComparison.Ordinal))
                    {
                        throw new ArgumentException("--azurite-db must be a mysql:// URI, as Azurite's AZURITE_DB takes it.");
                    }

                    break;
                default:
                    throw new ArgumentException($"Unknown option '{args[i]}'.");
            }
        }

        return new BenchmarkOptions(smoke, only, serviceOnly, rounds ?? (smoke ? 1 : DefaultRounds), pages, azuriteDatabase);
    }

    /// <summary>Whether a scenario of this name is to run.</summary>
    public bool Selects(string name) => Only is null || name.StartsWith(Only, StringComparison.OrdinalIgnoreCase);

    /// <summary>The page-fetching scenarios to run, in order, at the size asked for.</summary>
    public IReadOnlyList<Scenario> Scenarios()
    {
        IEnumerable<Scenario> catalog = Smoke ? Scenario.Smoke : Only is null ? Scenario.All : [.. Scenario.All, Scenario.Million];
        return [.. catalog.Where(scenario => Selects(scenario.Name)).Select(scenario => Pages is { } pages ? scenario.WithPages(pages) : scenario)];
    }

    private static string Value(IReadOnlyList<string> args, int index, string option) =>
        index < args.Count ? args[index] : throw new ArgumentException($"{option} needs a value.");

    private static int Count(IReadOnlyList<string> args, int index, string option) =>
        int.TryParse(Value(args, index, option), NumberStyles.None, CultureInfo.InvariantCulture, out var count) && count >= 1
            ? count
            : throw new ArgumentException($"{option} must be a whole number of at least 1.");
}
