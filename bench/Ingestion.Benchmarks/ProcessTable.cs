using System.Globalization;

namespace Ingestion.Benchmarks;

/// <summary>
/// The processes running now, read from <c>/proc</c> (Linux): each one's parent and command line, to find the processes
/// that the AppHost's orchestrator started. Empty elsewhere.
/// </summary>
public sealed class ProcessTable
{
    private readonly Dictionary<int, Entry> _entries;

    private ProcessTable(Dictionary<int, Entry> entries) => _entries = entries;

    public static ProcessTable Read()
    {
        var entries = new Dictionary<int, Entry>();
        if (!Directory.Exists("/proc"))
        {
            return new ProcessTable(entries);
        }

        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out var id)
                && TryRead(directory) is { } entry)
            {
                entries[id] = entry;
            }
        }

        return new ProcessTable(entries);
    }

    /// <summary>The processes whose command line satisfies <paramref name="matches"/>.</summary>
    public IEnumerable<int> Where(Func<IReadOnlyList<string>, bool> matches) =>
        _entries.Where(entry => matches(entry.Value.CommandLine)).Select(entry => entry.Key);

    public IReadOnlyList<string> CommandLineOf(int processId) =>
        _entries.TryGetValue(processId, out var entry) ? entry.CommandLine : [];

    /// <summary>Every process below <paramref name="ancestor"/>: its children, theirs, and so on.</summary>
    public IReadOnlyList<int> DescendantsOf(int ancestor)
    {
        var children = _entries.ToLookup(entry => entry.Value.ParentId, entry => entry.Key);
        var found = new List<int>();
        var next = new Queue<int>([ancestor]);
        while (next.TryDequeue(out var parent) && found.Count < _entries.Count)
        {
            foreach (var child in children[parent])
            {
                found.Add(child);
                next.Enqueue(child);
            }
        }

        return found;
    }

    private static Entry? TryRead(string directory)
    {
        try
        {
            // The command is in parentheses and may hold spaces and parentheses itself: the fields after the last ')'
            // are the state and then the parent's id.
            var stat = File.ReadAllText(Path.Combine(directory, "stat"));
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            var parentId = int.Parse(fields[1], CultureInfo.InvariantCulture);
            var commandLine = File.ReadAllText(Path.Combine(directory, "cmdline")).Split('\0', StringSplitOptions.RemoveEmptyEntries);
            return new Entry(parentId, commandLine);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            // It ended while being read, or is not ours to read.
            return null;
        }
    }

    private sealed record Entry(int ParentId, IReadOnlyList<string> CommandLine);
}
