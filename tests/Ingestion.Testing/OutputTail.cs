using System.Text;

namespace Ingestion.Testing;

/// <summary>The last lines a child process wrote to one stream, kept for error messages.</summary>
internal sealed class OutputTail(int capacity = 200)
{
    private readonly Queue<string> _lines = new();
    private readonly Lock _gate = new();

    public void Add(string line)
    {
        lock (_gate)
        {
            if (_lines.Count == capacity)
            {
                _lines.Dequeue();
            }

            _lines.Enqueue(line);
        }
    }

    public bool Contains(string text)
    {
        lock (_gate)
        {
            return _lines.Any(line => line.Contains(text, StringComparison.Ordinal));
        }
    }

    public override string ToString()
    {
        lock (_gate)
        {
            return _lines.Count == 0
                ? "(nothing)"
                : _lines.Aggregate(new StringBuilder(), (text, line) => text.AppendLine(line)).ToString().TrimEnd();
        }
    }
}
