using System.Text;

namespace Ingestion.ApiTests.Cli;

/// <summary>
/// Captures one stream of the command (standard output or standard error) on its own, and also into a transcript
/// shared with the other, so a test can read either alone or both in the order they were written.
/// </summary>
internal sealed class CapturedWriter(StringBuilder transcript) : TextWriter
{
    private readonly StringBuilder _own = new();

    public override Encoding Encoding => Encoding.UTF8;

    public override void Write(char value)
    {
        lock (transcript)
        {
            _own.Append(value);
            transcript.Append(value);
        }
    }

    public override void Write(char[] buffer, int index, int count)
    {
        lock (transcript)
        {
            _own.Append(buffer, index, count);
            transcript.Append(buffer, index, count);
        }
    }

    public override void Write(string? value)
    {
        lock (transcript)
        {
            _own.Append(value);
            transcript.Append(value);
        }
    }

    public override string ToString()
    {
        lock (transcript)
        {
            return _own.ToString();
        }
    }
}
